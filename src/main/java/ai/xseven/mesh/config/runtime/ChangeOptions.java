package ai.xseven.mesh.config.runtime;

/**
 * How a change is to be made.
 *
 * @param dryRun only validate and report the difference
 * @param force put a changed connection target in force even when it does not answer
 * @param restart store settings read only when the host starts, in force from its next start
 */
public record ChangeOptions(boolean dryRun, boolean force, boolean restart) {

	public static final ChangeOptions APPLY = new ChangeOptions(false, false, false);

}
