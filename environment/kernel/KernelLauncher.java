import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 like its MainApp does, minus its two start-up races.
 *
 * <p>The first is in {@code LoopThread}, which this launcher's directory replaces (see LoopThread.java
 * here); the launcher refuses to start if the kernel's own copy was loaded instead.
 *
 * <p>The second: {@code Channels.connect} binds the sockets (each starts a polling thread) before it
 * creates and fills its message handler map. A Jupyter client sends {@code kernel_info_request} as soon
 * as the shell socket is bound, so the shell thread may read the still-null map and die with a
 * NullPointerException, or read the new, still-empty map and drop the request. Here the map is pre-set
 * to one that waits until {@code connect} has finished, then delegates to the real handlers.
 */
public final class KernelLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: KernelLauncher <connection file>");
        Logger.getLogger("").setLevel(Level.WARNING);
        if (LoopThread.class.getProtectionDomain().getCodeSource().getLocation()
                .equals(MainApp.class.getProtectionDomain().getCodeSource().getLocation())) {
            throw new IllegalStateException("the kernel's own LoopThread was loaded: put the launcher's directory "
                    + "before the kernel jar on the class path");
        }
        ConnectionProperties props =
                Transform.fromJson(Files.readString(Path.of(args[0])), ConnectionProperties.class);
        Channels channels = new Channels(props);
        Field handlers = Channels.class.getDeclaredField("handlers");
        handlers.setAccessible(true);
        Field connected = Channels.class.getDeclaredField("isConnected");
        connected.setAccessible(true);
        handlers.set(channels, new HandlersWhenReady(channels, handlers, connected));
        channels.connect(MainApp.kernel);
        channels.joinUntilClose();
    }

    /** Stands in for the handler map until {@code connect} has filled the real one. */
    @SuppressWarnings("rawtypes")
    private static final class HandlersWhenReady extends AbstractMap {
        private final Channels channels;
        private final Field handlers;
        private final Field connected;

        HandlersWhenReady(Channels channels, Field handlers, Field connected) {
            this.channels = channels;
            this.handlers = handlers;
            this.connected = connected;
        }

        @Override
        public Object get(Object messageType) {
            try {
                for (long waited = 0; waited < 60_000; waited += 5) {
                    // connect() sets isConnected after its last put; synchronizing on the channels object
                    // would not help (connect holds no lock), so poll, then read the filled map
                    if (connected.getBoolean(channels)) return ((Map) handlers.get(channels)).get(messageType);
                    Thread.sleep(5);
                }
            } catch (IllegalAccessException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("kernel handlers were not installed within 60 s");
        }

        @Override
        public Set entrySet() {
            return Set.of();
        }
    }
}
