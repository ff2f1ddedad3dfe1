package io.switchboard.testtags;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/** The test needs the PostgreSQL on 127.0.0.1:5432 (database {@code test}, see {@code PostgresSchema}). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("postgres")
public @interface NeedsPostgres {
}
