package ai.xseven.mesh.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a relay batch changes in the outbox: the events the broker acknowledged (to delete), those
 * it refused for good (to move to the dead letters). Sorting the results also backs off the keys
 * of events that failed for now, once a key a batch, and leaves the events that failed only
 * because the batch was stopped for the next batch, with nothing said against their keys.
 *
 * @param acknowledged the events the broker has
 * @param refused the events it refused for good, with why
 */
record BatchOutcome(List<OutboxEvent> acknowledged, List<OutboxStore.Refusal> refused) {

	/**
	 * Sorts a batch's results.
	 * @param results what became of each event sent
	 * @param backOffs the keys' back-offs, updated here
	 * @param refusesTopic whether the brokers refuse a topic that does not exist (empty when
	 * they did not say)
	 * @return the outcome
	 */
	static BatchOutcome of(List<RelayBatch.Result> results, KeyBackOffs backOffs,
			Function<String, Optional<Boolean>> refusesTopic) {
		List<OutboxEvent> acknowledged = new ArrayList<>();
		List<OutboxStore.Refusal> refused = new ArrayList<>();
		Map<String, Optional<Boolean>> refusedTopics = new HashMap<>();
		Set<String> failedKeys = new HashSet<>();
		for (RelayBatch.Result result : results) {
			OutboxEvent event = result.event();
			if (result.failure() == null) {
				acknowledged.add(event);
				backOffs.succeeded(event);
				continue;
			}
			if (result.stopped()) {
				continue;
			}
			SendFailures.Failure failure = SendFailures.classify(result.failure());
			boolean unknownTopic = failure.kind() == SendFailures.Kind.UNKNOWN_TOPIC;
			if (failure.forGood()
					|| (unknownTopic && refusedTopics.computeIfAbsent(event.topic(), refusesTopic).orElse(false))) {
				refused.add(new OutboxStore.Refusal(event, unknownTopic
						? "topic " + event.topic() + " does not exist and the brokers do not create topics"
						: failure.message()));
			}
			else if (failedKeys.add(KeyBackOffs.keyOf(event))) {
				backOffs.failed(event);
			}
		}
		return new BatchOutcome(List.copyOf(acknowledged), List.copyOf(refused));
	}

	List<Long> acknowledgedSequences() {
		return this.acknowledged.stream().map(OutboxEvent::sequence).toList();
	}

	/**
	 * The bytes that leave the outbox.
	 * @return the sizes of the acknowledged and refused events together
	 */
	long bytes() {
		return this.acknowledged.stream().mapToLong(OutboxEvent::sizeBytes).sum()
				+ this.refused.stream().mapToLong((refusal) -> refusal.event().sizeBytes()).sum();
	}

}
