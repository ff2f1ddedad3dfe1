package io.switchboard.server.apps.assistant;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The {@code conversations} and {@code messages} tables. Every read and write names the user, so a user never
 * sees another's conversation: it does not exist for them ({@code not_found}). Write transactions start with a
 * write (SQLite then takes its lock first instead of failing to upgrade a read).
 */
final class AssistantStore {
    private static final String CONVERSATION = "uuid, user_id, title, message_count, created_at, updated_at";
    private static final String MESSAGE = "m.uuid, m.conversation_uuid, m.seq, m.sender_uuid, m.role, m.content, m.status, m.error, "
            + "m.reply_to_uuid, m.version, m.created_at, m.updated_at";

    private final Database db;

    AssistantStore(Database db) {
        this.db = db;
    }

    /** A user message and the reply placeholder written with it. */
    record Exchange(ChatMessage question, ChatMessage reply) {
    }

    Future<Conversation> createConversation(String userId, String title) {
        return db.withConnection(c -> {
            long now = System.currentTimeMillis();
            Conversation conv = new Conversation(UUID.randomUUID().toString(), userId, title, 0, now, now);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO conversations (" + CONVERSATION + ") VALUES (?, ?, ?, 0, ?, ?)")) {
                ps.setString(1, conv.uuid());
                ps.setString(2, userId);
                ps.setString(3, title);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            return conv;
        });
    }

    /** The user's conversations, newest first, after the cursor ({@code createdAt:uuid}), at most {@code limit}. */
    Future<List<Conversation>> conversations(String userId, long beforeCreated, String beforeUuid, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CONVERSATION + " FROM conversations WHERE user_id = ? "
                    + "AND (created_at < ? OR (created_at = ? AND uuid < ?)) ORDER BY created_at DESC, uuid DESC LIMIT ?")) {
                ps.setString(1, userId);
                ps.setLong(2, beforeCreated);
                ps.setLong(3, beforeCreated);
                ps.setString(4, beforeUuid);
                ps.setInt(5, limit);
                List<Conversation> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(conversation(rs));
                    }
                }
                return out;
            }
        });
    }

    Future<Conversation> conversation(String userId, String uuid) {
        return db.withConnection(c -> findConversation(c, userId, uuid));
    }

    /** Stores the user's message and a reply placeholder ({@code generating}) after it, in one transaction. */
    Future<Exchange> ask(String userId, String conversationUuid, String content) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement("UPDATE conversations SET message_count = message_count + 2, "
                    + "updated_at = ? WHERE uuid = ? AND user_id = ?")) {
                ps.setLong(1, now);
                ps.setString(2, conversationUuid);
                ps.setString(3, userId);
                if (ps.executeUpdate() == 0) {
                    throw notFound("conversation", conversationUuid);
                }
            }
            int last = findConversation(c, userId, conversationUuid).messageCount();
            ChatMessage question = new ChatMessage(UUID.randomUUID().toString(), conversationUuid, last - 1, userId,
                    ChatMessage.USER, content, ChatMessage.COMPLETE, null, null, 1, now, now);
            ChatMessage reply = new ChatMessage(UUID.randomUUID().toString(), conversationUuid, last, AssistantApp.ASSISTANT_UUID,
                    ChatMessage.ASSISTANT, "", ChatMessage.GENERATING, null, question.uuid(), 1, now, now);
            insert(c, question);
            insert(c, reply);
            return new Exchange(question, reply);
        });
    }

    /** Messages of the user's conversation with {@code seq} after {@code after}, in order, at most {@code limit}. */
    Future<List<ChatMessage>> messages(String userId, String conversationUuid, int after, int limit) {
        return db.withConnection(c -> {
            findConversation(c, userId, conversationUuid);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE + " FROM messages m WHERE m.conversation_uuid = ? "
                    + "AND m.seq > ? ORDER BY m.seq LIMIT ?")) {
                ps.setString(1, conversationUuid);
                ps.setInt(2, after);
                ps.setInt(3, limit);
                return read(ps);
            }
        });
    }

    /** What the responder sees: the complete messages up to {@code seq}, the last {@code limit} of them, in order. */
    Future<List<ChatMessage>> history(String conversationUuid, int seq, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE + " FROM messages m WHERE m.conversation_uuid = ? "
                    + "AND m.seq <= ? AND m.status = 'complete' ORDER BY m.seq DESC LIMIT ?")) {
                ps.setString(1, conversationUuid);
                ps.setInt(2, seq);
                ps.setInt(3, limit);
                List<ChatMessage> out = read(ps);
                Collections.reverse(out);
                return out;
            }
        });
    }

    /**
     * Starts a regeneration: the reply named (or the reply to the user message named) becomes {@code generating}
     * with its version one higher. {@code not_found} unless the user owns it; {@code conflict} while it is being
     * written. Returns the reply and its question.
     */
    Future<Exchange> regenerate(String userId, String messageUuid) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET status = 'generating', error = NULL, "
                    + "version = version + 1, updated_at = ? WHERE (uuid = ? OR reply_to_uuid = ?) AND role = 'assistant' "
                    + "AND status <> 'generating' AND conversation_uuid IN (SELECT uuid FROM conversations WHERE user_id = ?)")) {
                ps.setLong(1, now);
                ps.setString(2, messageUuid);
                ps.setString(3, messageUuid);
                ps.setString(4, userId);
                if (ps.executeUpdate() == 0) {
                    ChatMessage found = findOwned(c, userId, messageUuid);
                    throw found == null ? notFound("message", messageUuid)
                            : new ProtocolException(ErrorCode.CONFLICT, "the reply is being written; regenerate it once it is done");
                }
            }
            ChatMessage reply = findOwned(c, userId, messageUuid);
            ChatMessage question = byUuid(c, reply.replyToUuid());
            return new Exchange(question, reply);
        });
    }

    /** Stores the finished (or failed) reply; returns it as stored. */
    Future<ChatMessage> finish(String replyUuid, String content, String status, String error) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET content = ?, status = ?, error = ?, updated_at = ? "
                    + "WHERE uuid = ?")) {
                ps.setString(1, content);
                ps.setString(2, status);
                ps.setString(3, error);
                ps.setLong(4, System.currentTimeMillis());
                ps.setString(5, replyUuid);
                ps.executeUpdate();
            }
            return byUuid(c, replyUuid);
        });
    }

    private static void insert(Connection c, ChatMessage m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (uuid, conversation_uuid, seq, sender_uuid, role, "
                + "content, status, error, reply_to_uuid, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, m.uuid());
            ps.setString(2, m.conversationUuid());
            ps.setInt(3, m.seq());
            ps.setString(4, m.senderUuid());
            ps.setString(5, m.role());
            ps.setString(6, m.content());
            ps.setString(7, m.status());
            ps.setString(8, m.error());
            ps.setString(9, m.replyToUuid());
            ps.setInt(10, m.version());
            ps.setLong(11, m.createdAt());
            ps.setLong(12, m.updatedAt());
            ps.executeUpdate();
        }
    }

    private static Conversation findConversation(Connection c, String userId, String uuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CONVERSATION + " FROM conversations WHERE uuid = ? AND user_id = ?")) {
            ps.setString(1, uuid);
            ps.setString(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound("conversation", uuid);
                }
                return conversation(rs);
            }
        }
    }

    private static ChatMessage findOwned(Connection c, String userId, String uuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE + " FROM messages m JOIN conversations v "
                + "ON v.uuid = m.conversation_uuid WHERE (m.uuid = ? OR m.reply_to_uuid = ?) AND m.role = 'assistant' AND v.user_id = ?")) {
            ps.setString(1, uuid);
            ps.setString(2, uuid);
            ps.setString(3, userId);
            List<ChatMessage> found = read(ps);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    private static ChatMessage byUuid(Connection c, String uuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE + " FROM messages m WHERE m.uuid = ?")) {
            ps.setString(1, uuid);
            List<ChatMessage> found = read(ps);
            if (found.isEmpty()) {
                throw notFound("message", uuid);
            }
            return found.get(0);
        }
    }

    private static List<ChatMessage> read(PreparedStatement ps) throws SQLException {
        List<ChatMessage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ChatMessage(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getLong(11),
                        rs.getLong(12)));
            }
        }
        return out;
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5), rs.getLong(6));
    }

    static ProtocolException notFound(String what, String uuid) {
        String shown = uuid.length() > 40 ? uuid.substring(0, 40) : uuid;
        return new ProtocolException(ErrorCode.NOT_FOUND, "no " + what + " " + shown);
    }
}
