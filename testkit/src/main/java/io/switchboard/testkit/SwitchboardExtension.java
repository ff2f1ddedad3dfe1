package io.switchboard.testkit;

import io.switchboard.server.app.SwitchboardApp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that starts one {@link TestServer} per test class and shuts it down after the class,
 * and resolves {@code TestServer} parameters of constructors, lifecycle methods and tests.
 *
 * <p>Apply it with {@link SwitchboardTest @SwitchboardTest(settings = ...)}, or register it in a static field
 * with {@code @RegisterExtension static SwitchboardExtension server = SwitchboardExtension.withSettings(...)}.
 * A {@code @Nested} class without its own annotation shares its enclosing class's server.
 */
public final class SwitchboardExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SwitchboardExtension.class);
    private static final String KEY = "server";

    private final Map<String, String> settings;
    private final List<SwitchboardApp> apps;
    private volatile TestServer server;

    /** The extension as applied by {@link SwitchboardTest}: settings and apps come from the annotation. */
    public SwitchboardExtension() {
        this(null, null);
    }

    private SwitchboardExtension(Map<String, String> settings, List<SwitchboardApp> apps) {
        this.settings = settings;
        this.apps = apps;
    }

    /** An extension for {@code @RegisterExtension} with settings overriding {@link TestServer#DEFAULTS}. */
    public static SwitchboardExtension withSettings(Map<String, String> settings) {
        return new SwitchboardExtension(Map.copyOf(settings), List.of());
    }

    /** An extension for {@code @RegisterExtension} with settings and apps installed in order. */
    public static SwitchboardExtension withSettings(Map<String, String> settings, List<SwitchboardApp> apps) {
        return new SwitchboardExtension(Map.copyOf(settings), List.copyOf(apps));
    }

    /** The running server of a registered extension; throws when no test class is running. */
    public TestServer server() {
        TestServer s = server;
        if (s == null) {
            throw new IllegalStateException("no Switchboard server is running: use it from a test or a lifecycle method");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<SwitchboardTest> annotation = AnnotationSupport.findAnnotation(testClass, SwitchboardTest.class);
        boolean programmatic = settings != null;
        if ((programmatic || annotation.isEmpty()) && lookup(context) != null) {
            return; // a @Nested class without its own settings: the enclosing class's server serves it
        }
        TestServer started = programmatic
                ? TestServer.start(settings, apps)
                : TestServer.start(parse(annotation.map(SwitchboardTest::settings).orElse(new String[0])),
                        instantiate(annotation.map(SwitchboardTest::apps).orElse(null)));
        context.getStore(NAMESPACE).put(KEY, started);
        server = started;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestServer started = context.getStore(NAMESPACE).remove(KEY, TestServer.class);
        if (started != null) {
            if (server == started) {
                server = null;
            }
            started.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestServer found = lookup(context);
        if (found == null) {
            throw new ParameterResolutionException("no Switchboard server for " + context.getDisplayName()
                    + ": annotate the class with @SwitchboardTest");
        }
        return found;
    }

    private static TestServer lookup(ExtensionContext context) {
        // The store of a context also sees what its ancestors (enclosing classes) stored.
        return context.getStore(NAMESPACE).get(KEY, TestServer.class);
    }

    private static Map<String, String> parse(String[] pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@SwitchboardTest setting '" + pair + "' is not key=value");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static List<SwitchboardApp> instantiate(Class<? extends SwitchboardApp>[] types) {
        List<SwitchboardApp> out = new ArrayList<>();
        if (types != null) {
            for (Class<? extends SwitchboardApp> type : types) {
                try {
                    out.add(type.getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot create app " + type.getName()
                            + ": it needs a public no-argument constructor", e);
                }
            }
        }
        return out;
    }
}
