package ai.xseven.mesh.temporal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

import ai.xseven.mesh.config.SectionHolder;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ProbeResult;

/**
 * The {@code temporal} service: the gRPC stubs, the workflow client and a worker that hosts
 * X-Seven's workflows and activities on the configured task queue. Starting does not need the
 * server to answer (the worker polls once it does); health asks the server directly.
 */
public class TemporalService implements ManagedService, HealthCheck {

	private final TemporalProperties properties;

	private final HealthProperties healthProperties;

	private final WorkerComponents components;

	private volatile WorkflowServiceStubs stubs;

	private volatile WorkflowClient client;

	private volatile WorkerFactory workers;

	TemporalService(TemporalProperties properties, HealthProperties healthProperties, WorkerComponents components) {
		this.properties = properties;
		this.healthProperties = healthProperties;
		this.components = components;
	}

	@Override
	public synchronized void start() {
		TemporalProperties settings = SectionHolder.inForce(this.properties);
		Duration rpcTimeout = settings.getRpcTimeout();
		WorkflowServiceStubs newStubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
			.setTarget(settings.getHost() + ":" + settings.getPort())
			.setRpcTimeout(rpcTimeout)
			.setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(rpcTimeout).validateBuildWithDefaults())
			.build());
		WorkflowClient newClient = WorkflowClient.newInstance(newStubs,
				WorkflowClientOptions.newBuilder().setNamespace(settings.getNamespace()).build());
		WorkerFactory newWorkers = WorkerFactory.newInstance(newClient);
		Worker worker = newWorkers.newWorker(settings.getTaskQueue());
		this.components.workflows().forEach((contract, factory) -> register(worker, contract, factory));
		this.components.activities().forEach((activity) -> worker.registerActivitiesImplementations(activity.get()));
		newWorkers.start();
		this.stubs = newStubs;
		this.client = newClient;
		this.workers = newWorkers;
	}

	@SuppressWarnings("unchecked")
	private static <T> void register(Worker worker, Class<T> contract, Supplier<Object> factory) {
		worker.registerWorkflowImplementationFactory(contract, () -> (T) factory.get());
	}

	@Override
	public synchronized void stop() throws InterruptedException {
		WorkerFactory currentWorkers = this.workers;
		WorkflowServiceStubs currentStubs = this.stubs;
		this.workers = null;
		this.client = null;
		this.stubs = null;
		if (currentWorkers != null) {
			currentWorkers.shutdown();
			currentWorkers.awaitTermination(5, TimeUnit.SECONDS);
		}
		if (currentStubs != null) {
			currentStubs.shutdown();
			currentStubs.awaitTermination(2, TimeUnit.SECONDS);
		}
	}

	/**
	 * Takes the channel to idle and drops its reconnect back-off: the next call, the next check's
	 * too, connects afresh instead of waiting out a back-off or a transport wedged on a frozen
	 * server. Calls in flight go on until their deadline, which every call here has. The workers
	 * and the client keep the channel.
	 */
	@Override
	public void rebuildClient() {
		WorkflowServiceStubs current = this.stubs;
		if (current != null) {
			current.getRawChannel().enterIdle();
			current.getRawChannel().resetConnectBackoff();
		}
	}

	/**
	 * Temporal's gRPC health check, straight and not through the breaker.
	 */
	@Override
	public ProbeResult check() {
		WorkflowServiceStubs current = this.stubs;
		if (current == null) {
			return ProbeResult.down("temporal client is not started");
		}
		HealthCheckResponse response = HealthGrpc.newBlockingStub(current.getRawChannel())
			.withDeadlineAfter(this.healthProperties.getTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.check(HealthCheckRequest.newBuilder().setService(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME).build());
		if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
			return ProbeResult.down("temporal answers " + response.getStatus());
		}
		return ProbeResult.up(Map.of("namespace", this.properties.getNamespace(), "taskQueue",
				this.properties.getTaskQueue(), "workflowTypes", this.components.workflowTypes()));
	}

	/**
	 * The client of the running service.
	 * @return the client
	 * @throws IllegalStateException when the service is not running
	 */
	WorkflowClient client() {
		WorkflowClient current = this.client;
		if (current == null) {
			throw new IllegalStateException("temporal is not running");
		}
		return current;
	}

}
