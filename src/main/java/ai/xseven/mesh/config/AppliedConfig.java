package ai.xseven.mesh.config;

import java.time.Instant;

/**
 * The runtime configuration version in force on this instance, and why the latest stored one is
 * not, when it could not be applied here.
 *
 * @param version the version in force
 * @param error why a newer stored version was not applied, {@code null} when none failed
 * @param failedVersion that version, when it is not to be read again for a while (0 when it is
 * read again at the next periodic read)
 * @param retryAt when it may be tried again, {@code null} for never (it is not valid here)
 */
public record AppliedConfig(long version, String error, long failedVersion, Instant retryAt) {

	/** Before any stored version was read. */
	public static final AppliedConfig BASELINE = new AppliedConfig(0, null, 0, null);

	/**
	 * This instance now runs a version.
	 * @param version the version
	 * @return the state
	 */
	public static AppliedConfig of(long version) {
		return new AppliedConfig(version, null, 0, null);
	}

	/**
	 * A stored version could not be applied; the one in force stays.
	 * @param failed the version that failed
	 * @param why why
	 * @param retryAt when to try it again: {@code null} for never, a time for a while later, or
	 * {@link Instant#MIN} for the next read
	 * @return the state
	 */
	public AppliedConfig failed(long failed, String why, Instant retryAt) {
		String error = "version " + failed + " was not applied: " + why;
		return Instant.MIN.equals(retryAt) ? new AppliedConfig(this.version, error, 0, null)
				: new AppliedConfig(this.version, error, failed, retryAt);
	}

	/**
	 * Whether the latest stored version is to be left alone now.
	 * @param latest its number
	 * @param now the time
	 * @return whether it failed here and is not due for another try
	 */
	public boolean skips(long latest, Instant now) {
		return latest == this.failedVersion && (this.retryAt == null || now.isBefore(this.retryAt));
	}

}
