package io.switchboard.client.realtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The test talks to a {@link FakeNode} (OkHttp's MockWebServer) because the server does not have the commands it
 * covers yet: {@code presence}, {@code presence_stats}, {@code history}, {@code rpc} and the pushed
 * {@code unsubscribed}, {@code join} and {@code leave} of issue 16 (docs SPEC-16), built on other branches at the same
 * time. Once they are merged, replace each such test with one against a real node (testkit) and delete this tag.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("fake-server-until-merged")
public @interface FakeServerUntilMerged {
}
