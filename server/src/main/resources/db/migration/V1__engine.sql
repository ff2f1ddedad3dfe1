-- The engine's own bookkeeping. Written in the SQL that SQLite and PostgreSQL share.
CREATE TABLE switchboard_meta (
    meta_key   VARCHAR(64)  NOT NULL PRIMARY KEY,
    meta_value VARCHAR(512) NOT NULL,
    updated_at TIMESTAMP    NOT NULL
);
