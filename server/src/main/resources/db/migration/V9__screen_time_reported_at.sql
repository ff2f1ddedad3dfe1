-- When the device made a day's screen-time report, by its own clock (epoch milliseconds; NULL when it did not say):
-- a report replaces the stored one of its day only if it is newer, so a late resend of an older report changes
-- nothing (docs/PROTOCOL.md, "The messages").
ALTER TABLE screen_time ADD COLUMN reported_at BIGINT;
