package org.osspresign.sample;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The process's {@link DownloadTask}s by id: what keeps a task alive while its Activity is
 * destroyed and recreated by a rotation (the role of a ViewModelStore). The Activity asks for
 * its task by a stable id in {@code onCreate} and removes (and closes) it when it finishes for
 * good. The process dying ends them all; the saved {@code .part} bytes then resume the next
 * download of the same destination. Thread-safe.
 */
public final class DownloadTasks {
    /** Makes the task when none is kept under the id yet. */
    public interface Factory {
        DownloadTask create();
    }

    private static final Map<String, DownloadTask> TASKS = new HashMap<>();

    private DownloadTasks() {}

    /** The task kept under {@code id}, made by {@code factory} (and kept) when there is none. */
    public static synchronized DownloadTask obtain(
            String id, Factory factory) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(factory, "factory");
        DownloadTask task = TASKS.get(id);
        if (task == null) {
            task = Objects.requireNonNull(factory.create(), "factory.create()");
            TASKS.put(id, task);
        }
        return task;
    }

    /** Forgets the task kept under {@code id} and returns it (to close), or null. */
    public static synchronized @Nullable DownloadTask remove(String id) {
        return TASKS.remove(Objects.requireNonNull(id, "id"));
    }
}
