package io.switchboard.server.apps.social;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@code chat_conversations}, {@code chat_members} and {@code chat_messages} tables. Every read and write of a
 * conversation names the user and checks that they belong to it: {@code not_found} for a conversation that does not
 * exist, {@code forbidden} for one they are not a member of.
 */
final class ChatStore {
    /** The most members a conversation has, its creator included. */
    static final int MAX_MEMBERS = 5_000;
    private static final String CONVERSATION = "c.id, c.direct_key, c.title, c.created_by, c.created_at, c.last_activity_at";
    private static final String MESSAGE = "id, conversation_id, sender_id, content, client_id, created_at";

    private final Database db;

    ChatStore(Database db) {
        this.db = db;
    }

    /**
     * A conversation of {@code creator} and {@code others} (not empty, without the creator). With exactly one other
     * member it is their direct conversation: the one there is when they have one already. {@code not_found} (field
     * {@code member_ids}) when a member does not exist.
     */
    Future<Created<Conversation>> create(long creator, SortedSet<Long> others, String title) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            SortedSet<Long> members = new TreeSet<>(others);
            members.add(creator);
            String directKey = members.size() == 2 ? members.first() + ":" + members.last() : null;
            String sql = "INSERT INTO chat_conversations (title, direct_key, created_by, created_at, last_activity_at) "
                    + "VALUES (?, ?, ?, ?, ?)";
            Sql.Inserted row = Sql.insertOrFind(c, sql, directKey != null, ps -> {
                ps.setString(1, title);
                ps.setString(2, directKey);
                ps.setLong(3, creator);
                ps.setLong(4, now);
                ps.setLong(5, now);
            }, () -> byDirectKey(c, directKey));
            long id = row.id();
            boolean created = row.created();
            if (created) {
                requireUsers(c, creator, members);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_members (conversation_id, user_id, joined_at) "
                        + "VALUES (?, ?, ?)")) {
                    for (long member : members) {
                        ps.setLong(1, id);
                        ps.setLong(2, member);
                        ps.setLong(3, now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return new Created<>(load(c, List.of(id)).get(0), created);
        });
    }

    /**
     * The user's conversations, latest activity first, after the cursor (activity time and id of the last one
     * shown), at most {@code limit}.
     */
    Future<List<Conversation>> list(long user, long beforeActivity, long beforeId, int limit) {
        return db.withConnection(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT c.id FROM chat_conversations c JOIN chat_members m "
                    + "ON m.conversation_id = c.id WHERE m.user_id = ? AND (c.last_activity_at < ? OR (c.last_activity_at = ? "
                    + "AND c.id < ?)) ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?")) {
                ps.setLong(1, user);
                ps.setLong(2, beforeActivity);
                ps.setLong(3, beforeActivity);
                ps.setLong(4, beforeId);
                ps.setInt(5, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return load(c, ids);
        });
    }

    /** The conversation, for one of its members. */
    Future<Conversation> get(long user, long id) {
        return db.withConnection(c -> {
            requireMember(c, id, user);
            return load(c, List.of(id)).get(0);
        });
    }

    /**
     * Stores a message of {@code sender}, a member; with a {@code clientId} the sender already used in this
     * conversation, returns that message and stores nothing.
     */
    Future<Created<Message>> send(long sender, long conversation, String content, String clientId) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement("UPDATE chat_conversations SET last_activity_at = ? WHERE id = ? "
                    + "AND EXISTS (SELECT 1 FROM chat_members WHERE conversation_id = ? AND user_id = ?)")) {
                ps.setLong(1, now);
                ps.setLong(2, conversation);
                ps.setLong(3, conversation);
                ps.setLong(4, sender);
                if (ps.executeUpdate() == 0) {
                    requireMember(c, conversation, sender);
                }
            }
            String sql = "INSERT INTO chat_messages (conversation_id, sender_id, content, client_id, created_at) VALUES (?, ?, ?, ?, ?)";
            Sql.Inserted row = Sql.insertOrFind(c, sql, clientId != null, ps -> {
                ps.setLong(1, conversation);
                ps.setLong(2, sender);
                ps.setString(3, content);
                ps.setString(4, clientId);
                ps.setLong(5, now);
            }, () -> messageByClientId(c, conversation, sender, clientId));
            return new Created<>(findMessage(c, row.id()), row.created());
        });
    }

    /** Messages of the conversation with an id below {@code before}: the latest {@code limit} of them, oldest first. */
    Future<List<Message>> history(long user, long conversation, long before, int limit) {
        return db.withConnection(c -> {
            requireMember(c, conversation, user);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE + " FROM chat_messages WHERE conversation_id = ? "
                    + "AND id < ? ORDER BY id DESC LIMIT ?")) {
                ps.setLong(1, conversation);
                ps.setLong(2, before);
                ps.setInt(3, limit);
                List<Message> out = readMessages(ps);
                Collections.reverse(out);
                return out;
            }
        });
    }

    /** The members' ids (at most {@link #MAX_MEMBERS}), for one of them: {@code forbidden} for anyone else. */
    Future<List<Long>> members(long user, long conversation) {
        return db.withConnection(c -> {
            requireMember(c, conversation, user);
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id FROM chat_members WHERE conversation_id = ? "
                    + "ORDER BY user_id")) {
                ps.setLong(1, conversation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
    }

    /** Whether the user belongs to the conversation (false when it does not exist). */
    Future<Boolean> isMember(long user, long conversation) {
        return db.withConnection(c -> Sql.exists(c, "SELECT 1 FROM chat_members WHERE conversation_id = ? AND user_id = ?",
                conversation, user));
    }

    private static void requireMember(Connection c, long conversation, long user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT m.user_id FROM chat_conversations c LEFT JOIN chat_members m "
                + "ON m.conversation_id = c.id AND m.user_id = ? WHERE c.id = ?")) {
            ps.setLong(1, user);
            ps.setLong(2, conversation);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw noConversation(conversation);
                }
                rs.getLong(1);
                if (rs.wasNull()) {
                    throw new ProtocolException(ErrorCode.FORBIDDEN, "you are not a member of conversation " + conversation);
                }
            }
        }
    }

    static ProtocolException noConversation(long id) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no conversation with id " + id);
    }

    private static void requireUsers(Connection c, long creator, SortedSet<Long> members) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id FROM users WHERE id IN (");
        for (int i = 0; i < members.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        Set<Long> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql.append(")").toString())) {
            int i = 1;
            for (long m : members) {
                ps.setLong(i++, m);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        }
        if (!found.contains(creator)) {
            throw ActorNames.callerGone(creator);
        }
        for (long m : members) {
            if (!found.contains(m)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no user with id " + m, "member_ids");
            }
        }
    }

    private static long byDirectKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM chat_conversations WHERE direct_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long messageByClientId(Connection c, long conversation, long sender, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM chat_messages WHERE conversation_id = ? AND sender_id = ? "
                + "AND client_id = ?")) {
            ps.setLong(1, conversation);
            ps.setLong(2, sender);
            ps.setString(3, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Message findMessage(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE + " FROM chat_messages WHERE id = ?")) {
            ps.setLong(1, id);
            return readMessages(ps).get(0);
        }
    }

    private static List<Message> readMessages(PreparedStatement ps) throws SQLException {
        List<Message> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Message(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getLong(6)));
            }
        }
        return out;
    }

    /** The conversations with their members, in the order of {@code ids}. */
    private static List<Conversation> load(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Map<Long, List<Actor>> members = new LinkedHashMap<>();
        ids.forEach(id -> members.put(id, new ArrayList<>()));
        try (PreparedStatement ps = c.prepareStatement("SELECT m.conversation_id, m.user_id, " + ActorNames.columns("u")
                + " FROM chat_members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id IN (" + marks + ") "
                + "ORDER BY m.conversation_id, m.user_id")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.get(rs.getLong(1)).add(new Actor(rs.getLong(2), ActorNames.read(rs, 3)));
                }
            }
        }
        Map<Long, Conversation> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CONVERSATION + " FROM chat_conversations c WHERE c.id IN ("
                + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    byId.put(id, new Conversation(id, rs.getString(2) != null, rs.getString(3), rs.getLong(4),
                            List.copyOf(members.get(id)), rs.getLong(5), rs.getLong(6)));
                }
            }
        }
        List<Conversation> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(byId.get(id)));
        return out;
    }
}
