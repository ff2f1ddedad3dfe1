package io.switchboard.server.control;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One node's answer to a control question.
 *
 * @param node   the answering node's id
 * @param answer what its handler answered (a JSON value of the question's own shape)
 */
public record NodeAnswer(String node, JsonNode answer) {
}
