package inferlab.plot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The Jupyter kernel this JVM runs in, found reflectively so that the library compiles and runs without
 * any kernel on its class path. Both supported kernels run notebook code in their own JVM, where their
 * classes are visible from the library's class loader:
 * <ul>
 *   <li>rapaio-jupyter-kernel: {@code MainApp.kernel.display(DisplayData.withType(mime, content))};
 *   <li>IJava: {@code IJava.getKernelInstance().display(new DisplayData(text))} plus {@code putData}.
 * </ul>
 */
final class Frontend {
    private Frontend() {}

    /** Sends the bundle to the kernel; false when this JVM is not a (known) kernel. */
    static boolean publish(Map<String, String> bundle) {
        try {
            ClassLoader loader = Frontend.class.getClassLoader();
            Object rapaio = staticField(loader, "org.rapaio.jupyter.kernel.MainApp", "kernel");
            if (rapaio != null) {
                Class<?> dataClass = Class.forName("org.rapaio.jupyter.kernel.display.DisplayData", true, loader);
                Object data = dataClass.getMethod("withType", String.class, String.class)
                        .invoke(null, "text/plain", bundle.get("text/plain"));
                send(rapaio, dataClass, data, bundle);
                return true;
            }
            Object ijava = staticCall(loader, "io.github.spencerpark.ijava.IJava", "getKernelInstance");
            if (ijava != null) {
                Class<?> dataClass =
                        Class.forName("io.github.spencerpark.jupyter.kernel.display.DisplayData", true, loader);
                Object data = dataClass.getConstructor(String.class).newInstance(bundle.get("text/plain"));
                send(ijava, dataClass, data, bundle);
                return true;
            }
            return false;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the notebook kernel rejected a display: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unsupported version of the notebook kernel: " + e, e);
        }
    }

    private static void send(Object kernel, Class<?> dataClass, Object data, Map<String, String> bundle)
            throws ReflectiveOperationException {
        Method put = dataClass.getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, String> e : bundle.entrySet()) put.invoke(data, e.getKey(), e.getValue());
        kernel.getClass().getMethod("display", dataClass).invoke(kernel, data);
    }

    /** The value of a static field, or null when the class is absent (not running in that kernel). */
    private static Object staticField(ClassLoader loader, String className, String field)
            throws ReflectiveOperationException {
        try {
            return Class.forName(className, false, loader).getField(field).get(null);
        } catch (ClassNotFoundException absent) {
            return null;
        }
    }

    private static Object staticCall(ClassLoader loader, String className, String method)
            throws ReflectiveOperationException {
        try {
            return Class.forName(className, false, loader).getMethod(method).invoke(null);
        } catch (ClassNotFoundException absent) {
            return null;
        }
    }
}
