package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import io.switchboard.server.validation.QueryParams;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The chat's REST API, each route for members only ({@code 403 forbidden} for anyone else):
 * {@code GET/POST /api/chat/conversations/}, {@code GET /api/chat/conversations/<id>/},
 * {@code GET/POST /api/chat/conversations/<id>/messages/}.
 *
 * <p>The same routes answer under {@code /api/conversations/}, the path the seed's chat uses, which the assistant
 * app also serves: a chat request is told apart there by what only a chat request has (a body with
 * {@code member_ids}, {@code ?kind=chat}, a numeric conversation id; the assistant's ids are UUIDs), and anything
 * else passes on to the assistant.
 */
final class ChatRoutes {
    private final ChatStore store;
    private final MessageSender sender;

    ChatRoutes(ChatStore store, MessageSender sender) {
        this.store = store;
        this.sender = sender;
    }

    void mount(Router router, BearerAuth auth) {
        for (String slash : new String[] {"/", ""}) {
            String conversations = "/api/chat/conversations" + slash;
            String one = "/api/chat/conversations/:id" + slash;
            String messages = "/api/chat/conversations/:id/messages" + slash;
            for (String path : List.of(conversations, one, messages)) {
                router.route(path).handler(auth);
            }
            router.post(conversations).handler(this::create);
            router.get(conversations).handler(this::list);
            router.get(one).handler(ctx -> Rest.ok(ctx, store.get(Rest.caller(ctx), Rest.pathId(ctx, "conversation")),
                    Conversation::toJson));
            router.get(messages).handler(this::history);
            router.post(messages).handler(this::send);

            String shared = "/api/conversations" + slash;
            String sharedOne = "/api/conversations/:id" + slash;
            String sharedMessages = "/api/conversations/:id/messages" + slash;
            router.post(shared).handler(ctx -> ifChat(ctx, auth, hasMemberIds(ctx), this::create));
            router.get(shared).handler(ctx -> ifChat(ctx, auth, "chat".equals(ctx.request().getParam("kind")), this::list));
            router.get(sharedOne).handler(ctx -> ifChat(ctx, auth, numericId(ctx), c -> Rest.ok(c,
                    store.get(Rest.caller(c), Rest.pathId(c, "conversation")), Conversation::toJson)));
            router.get(sharedMessages).handler(ctx -> ifChat(ctx, auth, numericId(ctx), this::history));
            router.post(sharedMessages).handler(ctx -> ifChat(ctx, auth, numericId(ctx), this::send));
        }
    }

    private static void ifChat(RoutingContext ctx, BearerAuth auth, boolean chat, io.vertx.core.Handler<RoutingContext> handler) {
        if (!chat) {
            ctx.next();
            return;
        }
        auth.authenticate(ctx);
        handler.handle(ctx);
    }

    private static boolean numericId(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return id != null && !id.isEmpty() && id.length() <= 18 && id.chars().allMatch(Character::isDigit);
    }

    private static boolean hasMemberIds(RoutingContext ctx) {
        try {
            JsonNode body = io.switchboard.protocol.Json.parse(ctx.body().asString());
            return body != null && body.isObject() && body.has("member_ids");
        } catch (RuntimeException e) {
            return false; // not JSON: the assistant's route reports it
        }
    }

    private void create(RoutingContext ctx) {
        long creator = Rest.caller(ctx);
        JsonFields body = JsonBodies.fields(ctx, "member_ids", "title");
        SortedSet<Long> others = memberIds(body.get("member_ids"), creator);
        String title = body.optionalTrimmed("title", 1, Fields.MAX_TITLE);
        Rest.respond(ctx, store.create(creator, others, title), Created::status, created -> created.value().toJson());
    }

    private static SortedSet<Long> memberIds(JsonValue ids, long creator) {
        SortedSet<Long> others = new TreeSet<>();
        for (JsonValue id : ids.items(0, Integer.MAX_VALUE)) {
            // A bad id blames the whole list, as the docs say: member_ids, not member_ids[2].
            long member = JsonValue.of(id.node(), ids.path()).wholeNumber(1, Long.MAX_VALUE);
            if (member != creator) {
                others.add(member);
            }
            if (others.size() >= ChatStore.MAX_MEMBERS) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "a conversation has at most " + ChatStore.MAX_MEMBERS
                        + " members, you included", "member_ids");
            }
        }
        if (others.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "member_ids must name at least one user besides you", "member_ids");
        }
        return others;
    }

    private void list(RoutingContext ctx) {
        long user = Rest.caller(ctx);
        int limit = Rest.limit(ctx);
        long beforeActivity = Long.MAX_VALUE;
        long beforeId = Long.MAX_VALUE;
        String cursor = ctx.request().getParam("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            int cut = cursor.indexOf('_');
            beforeActivity = cut > 0 ? Fields.positive(cursor.substring(0, cut)) : -1;
            beforeId = cut > 0 ? Fields.positive(cursor.substring(cut + 1)) : -1;
            if (beforeActivity <= 0 || beforeId <= 0) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "cursor must be a next_cursor from an earlier page", "cursor");
            }
        }
        Rest.ok(ctx, store.list(user, beforeActivity, beforeId, limit), page -> Rest.page(
                page.stream().map(Conversation::toJson).toList(), limit,
                last -> page.get(last).lastActivityAt() + "_" + page.get(last).id()));
    }

    private void history(RoutingContext ctx) {
        long user = Rest.caller(ctx);
        long conversation = Rest.pathId(ctx, "conversation");
        int limit = Rest.limit(ctx);
        long before = QueryParams.of(ctx.request()).wholeNumber("before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        Rest.ok(ctx, store.history(user, conversation, before, limit), messages -> {
            ObjectNode body = Rest.page(messages.stream().map(Message::toJson).toList(), limit,
                    last -> Long.toString(messages.get(0).id()));
            // The page runs oldest to newest; the next (older) page is before its first message.
            body.set("next_before", body.remove("next_cursor"));
            return body;
        });
    }

    private void send(RoutingContext ctx) {
        long user = Rest.caller(ctx);
        long conversation = Rest.pathId(ctx, "conversation");
        JsonFields body = JsonBodies.fields(ctx, "content", "client_id");
        String content = Fields.content(body);
        String clientId = Fields.clientId(body);
        Rest.respond(ctx, sender.send(user, conversation, content, clientId), Created::status, sent -> sent.value().toJson());
    }
}
