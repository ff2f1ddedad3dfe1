-- Device telemetry (seeds 000 and 001): children enrolled by a parent, and what their phones report.
-- Times are epoch milliseconds (UTC) and days are ISO dates (YYYY-MM-DD), the same on both databases.
-- Every table a phone writes has a natural key, so a message resent after a lost ack is stored once.

-- parent_id is the subject of the parent's token. child_hash is the device's credential: 32 random bytes,
-- base64url, unique.
CREATE TABLE children (
    id         ${id_pk},
    parent_id  VARCHAR(64)  NOT NULL,
    name       VARCHAR(100) NOT NULL,
    child_hash VARCHAR(64)  NOT NULL,
    created_at BIGINT       NOT NULL
);
CREATE UNIQUE INDEX children_child_hash ON children (child_hash);
CREATE INDEX children_parent ON children (parent_id, id);

-- The seed's App: one row per package name, created the first time any phone reports it.
CREATE TABLE mobile_apps (
    id           ${id_pk},
    package_name VARCHAR(255) NOT NULL,
    created_at   BIGINT       NOT NULL
);
CREATE UNIQUE INDEX mobile_apps_package ON mobile_apps (package_name);

-- The seed's ScreenTime: one row per child and day; a later report for the day replaces the total.
CREATE TABLE screen_time (
    id            ${id_pk},
    child_id      BIGINT      NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    day           VARCHAR(10) NOT NULL,
    total_seconds INTEGER     NOT NULL,
    updated_at    BIGINT      NOT NULL
);
CREATE UNIQUE INDEX screen_time_child_day ON screen_time (child_id, day);
CREATE INDEX screen_time_day ON screen_time (day);

-- The seed's AppScreenTime: seconds of one app in one hour of the day, upserted.
CREATE TABLE app_screen_time (
    id             ${id_pk},
    screen_time_id BIGINT  NOT NULL REFERENCES screen_time (id) ON DELETE CASCADE,
    app_id         BIGINT  NOT NULL REFERENCES mobile_apps (id),
    hour           INTEGER NOT NULL,
    seconds        INTEGER NOT NULL
);
CREATE UNIQUE INDEX app_screen_time_entry ON app_screen_time (screen_time_id, app_id, hour);

-- The seed's LocationHistory, unique on its natural key.
CREATE TABLE location_history (
    id          ${id_pk},
    child_id    BIGINT           NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    recorded_at BIGINT           NOT NULL,
    latitude    DOUBLE PRECISION NOT NULL,
    longitude   DOUBLE PRECISION NOT NULL,
    created_at  BIGINT           NOT NULL
);
CREATE UNIQUE INDEX location_history_fix ON location_history (child_id, recorded_at, latitude, longitude);
CREATE INDEX location_history_recorded ON location_history (recorded_at);

-- The seed's SiteAccessLog. The natural key holds the URL's SHA-256 (hex) rather than the URL, so the index
-- stays small and within PostgreSQL's index-row limit whatever the URL.
CREATE TABLE site_access_log (
    id          ${id_pk},
    child_id    BIGINT        NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    accessed_at BIGINT        NOT NULL,
    url         VARCHAR(2048) NOT NULL,
    url_sha256  CHAR(64)      NOT NULL,
    accessed    BOOLEAN       NOT NULL,
    created_at  BIGINT        NOT NULL
);
CREATE UNIQUE INDEX site_access_log_entry ON site_access_log (child_id, accessed_at, url_sha256);
CREATE INDEX site_access_log_accessed ON site_access_log (accessed_at);
