package ai.xseven.mesh.config;

/**
 * The runtime configuration version in force on this instance, and why the latest stored one is
 * not, when it could not be applied here.
 *
 * @param version the version in force
 * @param error why a newer stored version was not applied, {@code null} when none failed
 * @param failedVersion that version when it can never be applied here (not to be read again), else 0
 */
public record AppliedConfig(long version, String error, long failedVersion) {

	/** Before any stored version was read. */
	public static final AppliedConfig BASELINE = new AppliedConfig(0, null, 0);

	/**
	 * This instance now runs a version.
	 * @param version the version
	 * @return the state
	 */
	public static AppliedConfig of(long version) {
		return new AppliedConfig(version, null, 0);
	}

	/**
	 * A stored version could not be applied; the one in force stays.
	 * @param skipped the version not to read again, 0 when it may apply later
	 * @param failed the version that failed
	 * @param why why
	 * @return the state
	 */
	public AppliedConfig failed(long skipped, long failed, String why) {
		return new AppliedConfig(this.version, "version " + failed + " was not applied: " + why, skipped);
	}

}
