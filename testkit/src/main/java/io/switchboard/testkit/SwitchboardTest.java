package io.switchboard.testkit;

import io.switchboard.server.app.SwitchboardApp;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against one Switchboard server, started before its first test and shut down after its
 * last (see {@link SwitchboardExtension}); tests receive it as a {@link TestServer} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SwitchboardExtension.class)
public @interface SwitchboardTest {
    /** Settings as {@code "key=value"}, overriding {@link TestServer#DEFAULTS}, such as {@code "max-frame-bytes=1024"}. */
    String[] settings() default {};

    /** Apps to install, each created with its public no-argument constructor. */
    Class<? extends SwitchboardApp>[] apps() default {};
}
