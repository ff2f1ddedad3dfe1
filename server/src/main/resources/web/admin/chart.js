// A small line chart on a canvas: a rolling window of points, one or more series, a y axis that fits the data.
export class LineChart {
  /**
   * @param canvas the canvas element (its CSS width is used; height from its height attribute)
   * @param series [{name, color}] in drawing order
   * @param points how many readings the window keeps
   */
  constructor(canvas, series, points = 60) {
    this.canvas = canvas;
    this.series = series;
    this.points = points;
    this.values = series.map(() => []);
    this.cssHeight = Number(canvas.getAttribute("height")) || 160;
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** Adds one reading: a number (or null for none) per series. */
  push(readings) {
    readings.forEach((v, i) => {
      const list = this.values[i];
      list.push(v);
      if (list.length > this.points) list.shift();
    });
    this.canvas.dataset.readings = String(this.values[0].length);
    this.draw();
  }

  draw() {
    const { canvas } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 300;
    const height = this.cssHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.height = height + "px";
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const left = 44, right = 8, top = 10, bottom = 20;
    const plotW = width - left - right, plotH = height - top - bottom;
    let max = 0;
    for (const list of this.values) for (const v of list) if (v !== null && v > max) max = v;
    const scale = niceMax(max);
    g.font = "11px system-ui, sans-serif";
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (let i = 0; i <= 4; i++) {
      const y = top + plotH - (plotH * i) / 4;
      g.strokeStyle = i === 0 ? "#c8cfdb" : "#e9edf3";
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(left, Math.round(y) + 0.5);
      g.lineTo(left + plotW, Math.round(y) + 0.5);
      g.stroke();
      g.fillStyle = "#5a6272";
      g.fillText(label((scale * i) / 4), left - 6, y);
    }
    g.textAlign = "left";
    g.textBaseline = "alphabetic";
    g.fillText(`last ${this.points} readings`, left, height - 4);
    const step = plotW / Math.max(1, this.points - 1);
    this.values.forEach((list, s) => {
      const offset = this.points - list.length;
      g.strokeStyle = this.series[s].color;
      g.lineWidth = 2;
      g.lineJoin = "round";
      g.beginPath();
      let drawing = false;
      list.forEach((v, i) => {
        if (v === null) { drawing = false; return; }
        const x = left + (offset + i) * step;
        const y = top + plotH - (plotH * v) / scale;
        if (drawing) g.lineTo(x, y); else g.moveTo(x, y);
        drawing = true;
      });
      g.stroke();
    });
  }
}

// The top of the axis: four steps of a round size (1, 2 or 5 times a power of ten) that hold the largest value.
function niceMax(max) {
  if (max <= 0) return 1;
  const step = max / 4;
  const magnitude = Math.pow(10, Math.floor(Math.log10(step)));
  for (const m of [1, 2, 5, 10]) if (step <= m * magnitude) return 4 * m * magnitude;
  return 40 * magnitude;
}

function label(v) {
  if (v >= 1000) return (v / 1000).toFixed(v % 1000 === 0 ? 0 : 1) + "k";
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(2)));
}
