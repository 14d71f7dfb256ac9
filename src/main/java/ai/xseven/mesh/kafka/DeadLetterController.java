package ai.xseven.mesh.kafka;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.web.NotFoundException;
import ai.xseven.mesh.web.ServiceUnavailableException;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/events/dead-letters}: the events the broker refused for good, for an operator to
 * put back in the outbox (once the topic exists, say) or to delete.
 */
@RestController
class DeadLetterController {

	private final OutboxStore store;

	private final OutboxRelay relay;

	private final BoundedCalls database;

	DeadLetterController(OutboxStore store, OutboxRelay relay, BoundedCalls outboxDatabaseCalls) {
		this.store = store;
		this.relay = relay;
		this.database = outboxDatabaseCalls;
	}

	@GetMapping("/admin/events/dead-letters")
	Map<String, List<DeadLetter>> list(@RequestParam(defaultValue = "100") @Min(value = 1,
			message = "must be between 1 and 1000") @Max(value = 1000, message = "must be between 1 and 1000") int limit) {
		return Map.of("deadLetters", inTime(() -> this.store.deadLetters(limit)));
	}

	/**
	 * Puts a dead letter back in the outbox, behind the events queued now: it may then reach
	 * Kafka after newer events of its key.
	 */
	@PostMapping("/admin/events/dead-letters/{id}/retry")
	Map<String, Object> retry(@PathVariable long id) {
		if (!inTime(() -> this.store.retryDeadLetter(id))) {
			throw unknown(id);
		}
		this.relay.wakeUp();
		return Map.of("id", id, "queued", true);
	}

	@DeleteMapping("/admin/events/dead-letters/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		if (!inTime(() -> this.store.deleteDeadLetter(id))) {
			throw unknown(id);
		}
		return ResponseEntity.noContent().build();
	}

	// A frozen database costs an operator's request the statement's time, never more.
	private <T> T inTime(Callable<T> statement) {
		try {
			return this.database.call(statement, OutboxStore.STATEMENT_TIMEOUT.plusMillis(200));
		}
		catch (TaskRejectedException | DataAccessException ex) {
			throw new ServiceUnavailableException("The database cannot answer now: " + Failures.describe(ex), 5);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ServiceUnavailableException("The database did not answer in time: " + Failures.describe(ex), 5);
		}
	}

	private static NotFoundException unknown(long id) {
		return new NotFoundException("There is no dead letter " + id + ".");
	}

}
