package ai.xseven.mesh.temporal;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.workflow.WorkflowLauncher;
import ai.xseven.mesh.workflow.WorkflowsUnavailableException;
import ai.xseven.mesh.workflow.WorkflowStarted;

/**
 * Starts workflows by type and reads their state, each call through the {@code temporal}
 * breaker. A start asked for while Temporal is down is refused at once (503 with
 * {@code Retry-After}), not kept: the caller still holds the request and decides whether it is
 * worth repeating, and nothing waits in the host for a server that may stay away.
 */
class WorkflowGateway implements WorkflowLauncher {

	private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";

	private final TemporalService service;

	private final WorkerComponents components;

	private final Supplier<CircuitBreaker> breaker;

	private final TemporalProperties properties;

	private final ObjectMapper objectMapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();

	WorkflowGateway(TemporalService service, WorkerComponents components, Supplier<CircuitBreaker> breaker,
			TemporalProperties properties) {
		this.service = service;
		this.components = components;
		this.breaker = breaker;
		this.properties = properties;
	}

	/**
	 * Whether a workflow type is hosted by this host's worker.
	 * @param type the type
	 * @return whether it is
	 */
	boolean hosts(String type) {
		return this.components.hostsWorkflowType(type);
	}

	/**
	 * Starts a workflow hosted by this host's worker.
	 * @param type the workflow type
	 * @param argument its argument, or {@code null} for none
	 * @return the started workflow
	 * @throws UnknownWorkflowTypeException when no workflow of that type is hosted here
	 * @throws WorkflowsUnavailableException when Temporal cannot take it now
	 */
	@Override
	public WorkflowStarted start(String type, Object argument) {
		if (!hosts(type)) {
			throw new UnknownWorkflowTypeException(type);
		}
		String workflowId = type + "-" + UUID.randomUUID();
		WorkflowExecution execution = call("start the workflow", () -> {
			WorkflowStub stub = this.service.client()
				.newUntypedWorkflowStub(type, WorkflowOptions.newBuilder()
					.setTaskQueue(this.properties.getTaskQueue())
					.setWorkflowId(workflowId)
					.build());
			return (argument != null) ? stub.start(argument) : stub.start();
		});
		return new WorkflowStarted(workflowId, execution.getRunId(), type);
	}

	/**
	 * The state of a workflow, with its result once it completed.
	 * @param workflowId the workflow's id
	 * @return its state
	 * @throws WorkflowNotFoundException when Temporal does not know it
	 * @throws WorkflowsUnavailableException when Temporal cannot answer now
	 */
	WorkflowState describe(String workflowId) {
		WorkflowState state = call("read the workflow", () -> {
			WorkflowClient client = this.service.client();
			WorkflowExecutionInfo info;
			try {
				info = client.getWorkflowServiceStubs()
					.blockingStub()
					.withDeadlineAfter(this.properties.getRpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
					.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
						.setNamespace(this.properties.getNamespace())
						.setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
						.build())
					.getWorkflowExecutionInfo();
			}
			catch (StatusRuntimeException ex) {
				if (ex.getStatus().getCode() == Status.Code.NOT_FOUND) {
					return null;
				}
				throw ex;
			}
			String status = info.getStatus().name().replace(STATUS_PREFIX, "");
			String result = null;
			String error = null;
			if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
					|| info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
				WorkflowStub stub = client.newUntypedWorkflowStub(workflowId,
						Optional.of(info.getExecution().getRunId()), Optional.empty());
				try {
					JsonNode value = stub.getResult(this.properties.getRpcTimeout().toMillis(), TimeUnit.MILLISECONDS,
							JsonNode.class);
					result = this.objectMapper.writeValueAsString(value);
				}
				catch (WorkflowException ex) {
					error = Failures.describe((ex.getCause() != null) ? ex.getCause() : ex);
				}
			}
			return new WorkflowState(workflowId, info.getExecution().getRunId(), info.getType().getName(), status,
					result, error);
		});
		if (state == null) {
			throw new WorkflowNotFoundException(workflowId);
		}
		return state;
	}

	private <T> T call(String action, Callable<T> call) {
		try {
			return this.breaker.get().executeCallable(call);
		}
		catch (CallNotPermittedException ex) {
			throw new WorkflowsUnavailableException("Temporal is unavailable (circuit breaker open); cannot " + action,
					retryAfterSeconds());
		}
		catch (Exception ex) {
			throw new WorkflowsUnavailableException("Temporal could not " + action + ": " + Failures.describe(ex),
					retryAfterSeconds());
		}
	}

	private long retryAfterSeconds() {
		return CircuitManager.retryAfterSeconds(this.breaker.get());
	}

}
