package ai.xseven.mesh.dspy;

/**
 * The answer of {@code POST /api/dspy/predict}.
 *
 * @param output the model's answer
 * @param model the model that gave it
 * @param degraded {@code true} when the model was unavailable and this is the last good answer
 * to the same input
 */
public record Prediction(String output, String model, boolean degraded) {
}
