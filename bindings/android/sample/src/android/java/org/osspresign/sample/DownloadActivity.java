package org.osspresign.sample;

import android.app.Activity;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.widget.TextView;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.osspresign.CredentialsException;
import org.osspresign.GetOptions;
import org.osspresign.OssPresignException;
import org.osspresign.Presigner;

/**
 * The Android side of the sample: the only Android-specific code is here (an Activity, the
 * main-thread Handler). The download lives in a {@link DownloadTask}, plain Java that the
 * desktop tests run as it is: it outlives rotations (kept by {@link DownloadTasks}), resumes
 * after a dropped connection or a killed process, and closes its presigner only when its thread
 * is done with it. Where this repository is tested (no Android SDK) it is compiled against
 * stand-ins of the android.* classes it uses (src/test/android-stubs) and its calls are checked
 * against minSdk 21 (check_android_api.py), but never run.
 *
 * <p>Credentials: an app should not ship long-term keys. Fetch short-lived STS credentials from
 * your server (and fresh ones when they expire, see {@link StsRefresher}), or have the server
 * presign and send only the URL.
 */
public final class DownloadActivity extends Activity {
    /** The task's id: the same after a rotation, so the new Activity finds the running task. */
    private static final String DOWNLOAD_ID = "photo";
    /** One network thread for the process's downloads (a static: it outlives Activities). */
    private static final ExecutorService NETWORK = Executors.newSingleThreadExecutor();

    private final Handler main = new Handler(Looper.getMainLooper());
    private TextView status;
    private @Nullable DownloadTask task; // null until onCreate, or when the presign was refused
    private final DownloadTask.Listener screen = s -> status.setText(s.toString());

    @Override
    protected void onCreate(@Nullable Bundle state) { // null on the first start
        super.onCreate(state);
        status = new TextView(this);
        setContentView(status);
        File target = new File(getCacheDir(), "photo.jpg");
        DownloadTask obtained;
        try {
            obtained = DownloadTasks.obtain(DOWNLOAD_ID, () -> newTask(target));
        } catch (OssPresignException e) {
            status.setText("cannot presign (" + e.code() + "): " + e.getMessage());
            return;
        }
        task = obtained;
        obtained.attach(screen, main::post); // told the current status at once, then each change
        obtained.start(); // no-op while it runs (after a rotation) or once finished
    }

    /** Builds the task; it must not hold this Activity (it outlives it). */
    private static DownloadTask newTask(File target) {
        // STS credentials from your server (placeholders here).
        Presigner presigner = new Presigner("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou",
                "STS.ExampleKeyId", "ExampleSecret", "ExampleSecurityToken");
        Downloader downloader = Downloader.builder(NETWORK)
                .credentialsRefresher(new StsRefresher())
                .build();
        return new DownloadTask(downloader, presigner, "examplebucket",
                "photos/2024 \u590f\u5929.jpg", new GetOptions().expires(600), target);
    }

    @Override
    protected void onDestroy() {
        DownloadTask current = task;
        if (current != null) {
            current.detach(screen);
            if (!isChangingConfigurations()) { // back-press or finish(): gone for good
                DownloadTasks.remove(DOWNLOAD_ID);
                current.close(); // returns at once; the saved bytes stay in photo.jpg.part
            }
        }
        super.onDestroy();
    }

    /** Fresh STS credentials when the presigner's have expired (on the download's thread). */
    private static final class StsRefresher implements Downloader.CredentialsRefresher {
        @Override
        public void refresh(Presigner presigner, CredentialsException error) throws IOException {
            // Ask your app server for new credentials here, e.g. over HttpURLConnection, and:
            // presigner.setCredentials(id, secret, token, expirationUnixSeconds);
            throw new IOException("no credentials server in this sample", error);
        }
    }
}
