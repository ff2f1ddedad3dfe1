-- The social app (seed 003): posts, likes, comments, follows, and chat conversations with members and messages.
-- Times are epoch milliseconds (UTC). The assistant (V5) already owns the tables conversations and messages, so the
-- chat's are chat_conversations, chat_members and chat_messages.
--
-- like_count and comment_count change in the transaction that inserts or deletes the like or comment, by an
-- UPDATE whose row lock (PostgreSQL) or write lock (SQLite) orders concurrent changes, so they always equal the
-- rows. counter_version grows by one with every change of either count: a client that gets count updates out of
-- order keeps the one with the highest version. client_id (optional, from the client) makes a retried create
-- return the row it already stored instead of storing a second one.
CREATE TABLE posts (
    id              ${id_pk},
    author_id       BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content         TEXT         NOT NULL,
    client_id       VARCHAR(64),
    like_count      BIGINT       NOT NULL,
    comment_count   BIGINT       NOT NULL,
    counter_version BIGINT       NOT NULL,
    created_at      BIGINT       NOT NULL
);
CREATE INDEX posts_author ON posts (author_id, id);
CREATE UNIQUE INDEX posts_client_id ON posts (author_id, client_id);

-- One like per user and post: the primary key makes a second like a no-op (INSERT … ON CONFLICT DO NOTHING).
-- user_id has no foreign key on purpose: a deleted user's likes stay, so like_count keeps equal to the rows.
-- notified_at is set once the author's notification is stored (or at once for a like of one's own post): a
-- retried like whose first notification failed sends it then.
CREATE TABLE likes (
    post_id     BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    notified_at BIGINT,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX likes_user ON likes (user_id, post_id);

-- Like likes, author_id has no foreign key, so comment_count keeps equal to the rows.
CREATE TABLE comments (
    id          ${id_pk},
    post_id     BIGINT       NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id   BIGINT       NOT NULL,
    content     TEXT         NOT NULL,
    client_id   VARCHAR(64),
    created_at  BIGINT       NOT NULL,
    notified_at BIGINT
);
CREATE INDEX comments_post ON comments (post_id, id);
CREATE UNIQUE INDEX comments_client_id ON comments (post_id, author_id, client_id);

CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    notified_at BIGINT,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id, follower_id);

-- direct_key is "<smaller id>:<larger id>" for a conversation of exactly two members, NULL for a group: asking
-- again for the same pair finds the one there is. last_activity_at moves with every message, for the list order.
CREATE TABLE chat_conversations (
    id               ${id_pk},
    title            VARCHAR(200),
    direct_key       VARCHAR(64),
    created_by       BIGINT       NOT NULL,
    created_at       BIGINT       NOT NULL,
    last_activity_at BIGINT       NOT NULL
);
CREATE UNIQUE INDEX chat_conversations_direct ON chat_conversations (direct_key);

CREATE TABLE chat_members (
    conversation_id BIGINT NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at       BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX chat_members_user ON chat_members (user_id, conversation_id);

-- sender_id has no foreign key: a deleted member's messages stay in the history.
CREATE TABLE chat_messages (
    id              ${id_pk},
    conversation_id BIGINT       NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
    sender_id       BIGINT       NOT NULL,
    content         TEXT         NOT NULL,
    client_id       VARCHAR(64),
    created_at      BIGINT       NOT NULL
);
CREATE INDEX chat_messages_conversation ON chat_messages (conversation_id, id);
CREATE UNIQUE INDEX chat_messages_client_id ON chat_messages (conversation_id, sender_id, client_id);
