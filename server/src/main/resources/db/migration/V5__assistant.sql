-- The assistant app (seed 004): a user's conversations with an assistant, and their messages. Ids are UUIDs
-- (text), times epoch milliseconds (UTC). seq orders a conversation's messages: 1, 2, 3…; message_count is the
-- last one given, so a new message takes its number in a transaction that starts by writing the conversation.
CREATE TABLE conversations (
    uuid          VARCHAR(36)  NOT NULL PRIMARY KEY,
    user_id       VARCHAR(128) NOT NULL,
    title         VARCHAR(200) NOT NULL,
    message_count INTEGER      NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);
CREATE INDEX conversations_user ON conversations (user_id, created_at, uuid);

-- role: user or assistant. status: complete, generating (a reply being written) or failed. An assistant message
-- answers reply_to_uuid (one reply per user message); version counts its regenerations.
CREATE TABLE messages (
    uuid              VARCHAR(36)  NOT NULL PRIMARY KEY,
    conversation_uuid VARCHAR(36)  NOT NULL REFERENCES conversations (uuid) ON DELETE CASCADE,
    seq               INTEGER      NOT NULL,
    sender_uuid       VARCHAR(128) NOT NULL,
    role              VARCHAR(16)  NOT NULL,
    content           TEXT         NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    error             VARCHAR(500),
    reply_to_uuid     VARCHAR(36),
    version           INTEGER      NOT NULL,
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);
CREATE UNIQUE INDEX messages_conversation_seq ON messages (conversation_uuid, seq);
CREATE UNIQUE INDEX messages_reply_to ON messages (reply_to_uuid);
