package ai.xseven.mesh.kafka;

/**
 * What became of a published event.
 *
 * @param id the event's id, also in the record header {@code event-id}
 * @param queued {@code false} when the broker acknowledged it before the answer, {@code true} when
 * it is stored in the outbox and will be relayed
 * @param deadLettered {@code true} when the broker refused it for good (a topic it refuses, no
 * authorization): it is kept in the dead letters, where an operator may retry it
 */
public record PublishResult(String id, boolean queued, boolean deadLettered) {

	/**
	 * An event delivered or queued, not refused.
	 * @param id the event's id
	 * @param queued whether it waits in the outbox
	 */
	public PublishResult(String id, boolean queued) {
		this(id, queued, false);
	}

}
