package powermap.testserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.Version;

/**
 * A Neo4j Community server for tests: the embedded database with its Bolt connector on
 * 127.0.0.1 only, HTTP off, authentication on.
 *
 * <pre>
 * NEO4J_TEST_PASSWORD=... java -cp ... powermap.testserver.Neo4jTestServer HOME PORT [--stop-at-eof]
 * </pre>
 *
 * HOME is the folder the server keeps its data and logs in (started again on the same folder,
 * it recovers what was committed there, and keeps the password it was first given); PORT is
 * the Bolt port. The password of user {@code neo4j} comes from the environment, never from
 * the command line, where {@code ps} would show it. Prints one line, {@code ready: Neo4j VERSION bolt://127.0.0.1:PORT}, once
 * {@code RETURN 1} answers in database {@code neo4j}; SIGTERM shuts it down cleanly. With
 * {@code --stop-at-eof} it also shuts down when its standard input closes: a test run that
 * holds the other end of a pipe cannot leave the server behind, even when it is killed.
 */
public final class Neo4jTestServer {
    static final String PASSWORD_VARIABLE = "NEO4J_TEST_PASSWORD";

    private Neo4jTestServer() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals("--stop-at-eof"))) {
            fail(2, "usage: " + PASSWORD_VARIABLE + "=... Neo4jTestServer HOME PORT [--stop-at-eof]");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.length() < 8) {
            fail(2, PASSWORD_VARIABLE + " must hold the password of user neo4j (8 characters or more)");
        }

        // The hook is in place before the server starts, so SIGTERM during start-up still
        // shuts down whatever was started.
        AtomicReference<DatabaseManagementService> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DatabaseManagementService service = running.getAndSet(null);
            if (service != null) {
                service.shutdown();
            }
            stopped.countDown();
        }, "neo4j-test-server-shutdown"));

        if (args.length == 3) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing is sent: only the end of the stream matters
                    }
                } catch (java.io.IOException closed) {
                    // the same as the end of the stream
                }
                System.exit(0);
            }, "neo4j-test-server-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }

        try {
            DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    // A test server has no clients left to wait for when it is stopped.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(100))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(100))
                    .build();
            running.set(service);

            // Embedded calls are not authenticated: set the password clients must give on Bolt,
            // once, in a new folder (the user still has to change the default password). A
            // server started again on its folder keeps the password it was given then.
            GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            boolean fresh = system.executeTransactionally(
                    "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired",
                    Map.of(), result -> result.hasNext() && (Boolean) result.next().get("passwordChangeRequired"));
            if (fresh) {
                system.executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            }
            long one = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally(
                    "RETURN 1 AS one", Map.of(), result -> (Long) result.next().get("one"));
            if (one != 1L) {
                fail(1, "RETURN 1 answered " + one);
            }
        } catch (RuntimeException error) {
            // Neo4j's own threads would keep the process alive: leave through the hook.
            error.printStackTrace();
            fail(1, "could not start: " + error);
        }
        System.out.println("ready: Neo4j " + Version.getNeo4jVersion() + " bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static void fail(int status, String message) {
        System.err.println("neo4j-test-server: " + message);
        System.exit(status);
    }
}
