package ai.xseven.mesh.registry;

/**
 * How many instances of a registered service exist.
 */
public enum ServiceLifecycle {

	/** One instance for the whole host (a Spring singleton). */
	SINGLETON,

	/** A new instance each time one is asked for (a Spring prototype). */
	TRANSIENT

}
