package io.switchboard.server.apps.assistant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The assistant's REST API (seed 004), every route for the bearer token's user only:
 * {@code GET/POST /api/conversations/}, {@code GET /api/conversations/<uuid>/},
 * {@code GET/POST /api/conversations/<uuid>/messages/}, {@code POST /api/messages/<uuid>/regenerate/}.
 */
final class AssistantRoutes {
    static final int MAX_CONTENT = 8000;
    static final int MAX_TITLE = 200;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final AssistantStore store;
    private final Generator generator;

    AssistantRoutes(AssistantStore store, Generator generator) {
        this.store = store;
        this.generator = generator;
    }

    void mount(Router router, BearerAuth auth) {
        for (String slash : new String[] {"/", ""}) {
            String conversations = "/api/conversations" + slash;
            String one = "/api/conversations/:uuid" + slash;
            String messages = "/api/conversations/:uuid/messages" + slash;
            String regenerate = "/api/messages/:uuid/regenerate" + slash;
            for (String path : List.of(conversations, one, messages, regenerate)) {
                router.route(path).handler(auth);
            }
            router.get(conversations).handler(this::listConversations);
            router.post(conversations).handler(this::createConversation);
            router.get(one).handler(ctx -> respond(ctx, 200, store.conversation(user(ctx), uuid(ctx)), Conversation::toJson));
            router.get(messages).handler(this::listMessages);
            router.post(messages).handler(this::ask);
            router.post(regenerate).handler(this::regenerate);
        }
    }

    private void createConversation(RoutingContext ctx) {
        String title = "New conversation";
        if (ctx.body() != null && ctx.body().length() > 0) {
            String sent = JsonBodies.fields(ctx, "title").optionalTrimmed("title", 1, MAX_TITLE);
            if (sent != null) {
                title = sent;
            }
        }
        respond(ctx, 201, store.createConversation(user(ctx), title), Conversation::toJson);
    }

    private void listConversations(RoutingContext ctx) {
        int limit = limit(ctx);
        long beforeCreated = Long.MAX_VALUE;
        String beforeUuid = "";
        String cursor = ctx.request().getParam("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            int cut = cursor.indexOf('_');
            try {
                beforeCreated = Long.parseLong(cursor.substring(0, cut));
                beforeUuid = cursor.substring(cut + 1);
            } catch (RuntimeException e) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "cursor must be a next_cursor from an earlier page", "cursor");
            }
        }
        store.conversations(user(ctx), beforeCreated, beforeUuid, limit).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            List<Conversation> page = ar.result();
            Conversation last = page.isEmpty() ? null : page.get(page.size() - 1);
            sendPage(ctx, page.stream().map(Conversation::toJson).toList(),
                    page.size() == limit ? last.createdAt() + "_" + last.uuid() : null);
        });
    }

    private void listMessages(RoutingContext ctx) {
        int limit = limit(ctx);
        int after = 0;
        String cursor = ctx.request().getParam("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = Integer.parseInt(cursor);
            } catch (NumberFormatException e) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "cursor must be a next_cursor from an earlier page", "cursor");
            }
        }
        store.messages(user(ctx), uuid(ctx), after, limit).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            List<ChatMessage> page = ar.result();
            sendPage(ctx, page.stream().map(ChatMessage::toJson).toList(),
                    page.size() == limit ? String.valueOf(page.get(page.size() - 1).seq()) : null);
        });
    }

    private void ask(RoutingContext ctx) {
        String user = user(ctx);
        String conversation = uuid(ctx);
        String content = JsonBodies.fields(ctx, "content").trimmed("content", 1, MAX_CONTENT);
        generator.reserve(user);
        store.ask(user, conversation, content).onComplete(ar -> {
            if (ar.failed()) {
                generator.release(user);
                ctx.fail(ar.cause());
                return;
            }
            ObjectNode out = ar.result().question().toJson();
            out.put("reply_uuid", ar.result().reply().uuid());
            JsonBodies.send(ctx, 201, out);
            generator.write(user, ar.result(), false);
        });
    }

    private void regenerate(RoutingContext ctx) {
        String user = user(ctx);
        String message = uuid(ctx);
        generator.reserve(user);
        store.regenerate(user, message).onComplete(ar -> {
            if (ar.failed()) {
                generator.release(user);
                ctx.fail(ar.cause());
                return;
            }
            JsonBodies.send(ctx, 202, ar.result().reply().toJson());
            generator.write(user, ar.result(), true);
        });
    }

    private static <T> void respond(RoutingContext ctx, int status, Future<T> result, Function<T, ObjectNode> json) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                JsonBodies.send(ctx, status, json.apply(ar.result()));
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private static void sendPage(RoutingContext ctx, List<ObjectNode> items, String next) {
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        items.forEach(results::add);
        if (next == null) {
            body.putNull("next_cursor");
        } else {
            body.put("next_cursor", next);
        }
        JsonBodies.send(ctx, 200, body);
    }

    private static String user(RoutingContext ctx) {
        return BearerAuth.principal(ctx).userId();
    }

    private static String uuid(RoutingContext ctx) {
        String raw = ctx.pathParam("uuid");
        if (raw == null || !UUID.matcher(raw).matches()) {
            throw AssistantStore.notFound("resource", raw == null ? "" : raw);
        }
        return raw.toLowerCase();
    }

    private static int limit(RoutingContext ctx) {
        return (int) QueryParams.of(ctx.request()).wholeNumber("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }
}
