import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 like its MainApp does, with the start-up races fixed: this launcher's
 * directory, first on the class path, holds a replacement {@code LoopThread} (see LoopThread.java here),
 * whose channel loops start polling only when told that {@code Channels.connect} has finished.
 */
public final class KernelLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: KernelLauncher <connection file>");
        if (LoopThread.class.getProtectionDomain().getCodeSource().getLocation()
                .equals(MainApp.class.getProtectionDomain().getCodeSource().getLocation())) {
            throw new IllegalStateException("the kernel's own LoopThread was loaded: put the launcher's directory "
                    + "before the kernel jar on the class path");
        }
        Logger.getLogger("").setLevel(Level.WARNING);
        ConnectionProperties props =
                Transform.fromJson(Files.readString(Path.of(args[0])), ConnectionProperties.class);
        Channels channels = new Channels(props);
        channels.connect(MainApp.kernel);
        LoopThread.connected();
        channels.joinUntilClose();
    }
}
