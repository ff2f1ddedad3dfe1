-- Accounts (seed 003's sign-up and login) are users of the live-sync table, not a table of their own: one notion
-- of a user in the whole server, so the users API lists and edits them too. Users created through that API (seed
-- 002) have neither column. username is stored lower-cased by the server, which makes the unique index a
-- case-insensitive one; NULLs do not collide on SQLite or PostgreSQL. password_hash is
-- pbkdf2-sha256$<iterations>$<salt>$<hash>, never the password.
ALTER TABLE users ADD COLUMN username VARCHAR(32);
ALTER TABLE users ADD COLUMN password_hash VARCHAR(255);
CREATE UNIQUE INDEX users_username ON users (username);
