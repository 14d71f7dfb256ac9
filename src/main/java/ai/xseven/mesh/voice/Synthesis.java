package ai.xseven.mesh.voice;

/**
 * Synthesized speech.
 *
 * @param audio the audio bytes
 * @param contentType their media type
 * @param provider the provider that spoke
 */
public record Synthesis(byte[] audio, String contentType, String provider) {
}
