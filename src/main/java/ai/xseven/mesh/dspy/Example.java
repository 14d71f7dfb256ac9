package ai.xseven.mesh.dspy;

/**
 * One demonstration of the program: an input and the output expected for it.
 *
 * @param input the input
 * @param output the expected output
 */
public record Example(String input, String output) {
}
