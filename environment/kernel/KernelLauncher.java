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
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 like its MainApp does, minus a start-up race.
 *
 * <p>{@code Channels.connect} binds the sockets (each starts a polling thread) before it fills its message
 * handler map. A Jupyter client sends {@code kernel_info_request} as soon as the shell socket is bound, so
 * about one start in three the shell thread reads the still-null map, dies with a NullPointerException, and
 * the kernel never answers ("Kernel didn't respond"). Here the map is pre-set to one that waits until
 * {@code connect} has installed the real handlers, then delegates to them.
 */
public final class KernelLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: KernelLauncher <connection file>");
        Logger.getLogger("").setLevel(Level.WARNING);
        ConnectionProperties props =
                Transform.fromJson(Files.readString(Path.of(args[0])), ConnectionProperties.class);
        Channels channels = new Channels(props);
        Field handlers = Channels.class.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, new HandlersWhenReady(channels, handlers));
        channels.connect(MainApp.kernel);
        channels.joinUntilClose();
    }

    /** Stands in for the handler map until {@code connect} replaces it. */
    @SuppressWarnings("rawtypes")
    private static final class HandlersWhenReady extends AbstractMap {
        private final Channels channels;
        private final Field field;

        HandlersWhenReady(Channels channels, Field field) {
            this.channels = channels;
            this.field = field;
        }

        @Override
        public Object get(Object messageType) {
            try {
                for (long waited = 0; waited < 60_000; waited += 5) {
                    Object current = field.get(channels);
                    if (current != this) return ((Map) current).get(messageType);
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
