package io.switchboard.server.validation;

import static io.switchboard.server.validation.JsonFieldsTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.ErrorCode;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A parameter left out or empty takes its default; one out of bounds is refused by its name. */
@Timeout(30)
class QueryParamsTest {

    @Test
    void a_whole_number_takes_its_default_when_absent_or_empty_and_is_refused_out_of_bounds() {
        QueryParams query = QueryParams.of(MultiMap.caseInsensitiveMultiMap().add("limit", "0").add("cursor", "").add("n", "7"));

        assertThat(query.wholeNumber("cursor", 3, 0, 10)).isEqualTo(3);
        assertThat(query.wholeNumber("absent", 50, 1, 200)).isEqualTo(50);
        assertThat(query.wholeNumber("n", 0, 0, 10)).isEqualTo(7);
        assertRefused(() -> query.wholeNumber("limit", 50, 1, 200), ErrorCode.INVALID_FIELD, "limit",
                "limit must be a whole number from 1 to 200");
    }

    @Test
    void an_enum_is_one_of_its_values_or_its_default() {
        QueryParams query = QueryParams.of(MultiMap.caseInsensitiveMultiMap().add("order", "desc").add("sort", "sideways"));

        assertThat(query.oneOf("order", "asc", "asc", "desc")).isEqualTo("desc");
        assertThat(query.oneOf("absent", "asc", "asc", "desc")).isEqualTo("asc");
        assertRefused(() -> query.oneOf("sort", "asc", "asc", "desc"), ErrorCode.INVALID_FIELD, "sort", "sort must be one of asc, desc");
    }
}
