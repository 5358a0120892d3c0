// DynamoDB Local, bound to 127.0.0.1 only, and gone when the process that started it is gone.
// Amazon's jar listens on every interface and has no option to change that; it accepts any
// credentials, so anyone on the network could read every user's data. This launcher builds the
// same server from the same command-line options, binds its Jetty connector to loopback before
// it starts, and exits when its parent (the rounds command) dies, even by SIGKILL.
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDB {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
      try {
        proxy.stop();
      } catch (Exception ignored) {
        // Exiting anyway.
      }
      System.exit(0);
    }));
    proxy.start();
  }
}
