package ai.xseven.mesh.config;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to the database that belong to no pool, for a task that holds one for as long as
 * it runs (listening for notifications): a pool would hand a connection such a task lost on to the
 * next caller, and would be one connection short meanwhile.
 */
@FunctionalInterface
public interface DedicatedConnections {

	/** Their {@code application_name}, so that an operator can tell them from the pool's. */
	String APPLICATION_NAME = "xseven-mesh-listener";

	/**
	 * Opens a connection with the database settings in force; the caller closes it.
	 * @return the connection
	 * @throws SQLException when it cannot be opened
	 */
	Connection open() throws SQLException;

}
