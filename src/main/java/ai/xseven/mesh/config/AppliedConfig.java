package ai.xseven.mesh.config;

/**
 * The runtime configuration version in force on this instance, and why the latest stored one is
 * not, when it could not be applied here.
 *
 * @param version the version in force
 * @param error why a newer stored version was not applied, {@code null} when none failed
 * @param failedVersion that version, not read again until it may apply (0 when none failed)
 * @param retryable whether it may apply later (its services failed to reconnect), rather than
 * never (it is not valid here)
 */
public record AppliedConfig(long version, String error, long failedVersion, boolean retryable) {

	/** Before any stored version was read. */
	public static final AppliedConfig BASELINE = new AppliedConfig(0, null, 0, false);

	/**
	 * This instance now runs a version.
	 * @param version the version
	 * @return the state
	 */
	public static AppliedConfig of(long version) {
		return new AppliedConfig(version, null, 0, false);
	}

	/**
	 * A stored version could not be applied; the one in force stays.
	 * @param failed the version that failed
	 * @param why why
	 * @param retryable whether it may apply later
	 * @return the state
	 */
	public AppliedConfig failed(long failed, String why, boolean retryable) {
		return new AppliedConfig(this.version, "version " + failed + " was not applied: " + why, failed, retryable);
	}

	/**
	 * The failed version may be tried again (a service's state changed).
	 * @return the state, the same when nothing failed or the failure is for good
	 */
	public AppliedConfig retryLater() {
		return this.retryable ? new AppliedConfig(this.version, this.error, 0, false) : this;
	}

}
