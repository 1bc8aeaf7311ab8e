package org.osspresign.sample;

import android.app.Activity;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.widget.TextView;
import java.io.File;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osspresign.GetOptions;
import org.osspresign.OssPresignException;
import org.osspresign.Presigner;

/**
 * The Android side of the sample: the only Android-specific code is here (an Activity, the
 * main-thread Handler). Presigning and {@link Downloader} are the same plain Java that the
 * desktop tests run. Not compiled where this repository is tested (no Android SDK there).
 *
 * <p>Credentials: an app should not ship long-term keys. Fetch short-lived STS credentials from
 * your server, or have the server presign and send only the URL.
 */
public final class DownloadActivity extends Activity {
    private final ExecutorService network = Executors.newSingleThreadExecutor();
    private final Handler main = new Handler(Looper.getMainLooper());
    private Presigner presigner;

    @Override
    protected void onCreate(Bundle state) {
        super.onCreate(state);
        TextView status = new TextView(this);
        setContentView(status);
        try {
            // STS credentials from your server (placeholders here).
            presigner = new Presigner("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou",
                    "STS.ExampleKeyId", "ExampleSecret", "ExampleSecurityToken");
            File target = new File(getCacheDir(), "photo.jpg");
            Downloader downloader = new Downloader(network);
            network.execute(() -> {
                // Presigned on the network thread too: on a wrong phone clock the downloader
                // corrects the presigner with the server's time and retries once.
                try (GetOptions options = new GetOptions().expires(600)) {
                    Downloader.Result result = downloader.downloadBlocking(presigner, "examplebucket",
                            "photos/2024 \u590f\u5929.jpg", options, target,
                            (soFar, total) -> main.post(() -> status.setText(soFar + " / " + total)));
                    main.post(() -> status.setText(result.toString()));
                } catch (java.io.IOException | OssPresignException e) {
                    main.post(() -> status.setText("download failed: " + e));
                }
            });
        } catch (OssPresignException e) {
            status.setText("cannot presign (" + e.code() + "): " + e.getMessage());
        }
    }

    @Override
    protected void onDestroy() {
        network.shutdownNow();
        if (presigner != null) {
            presigner.close();
        }
        super.onDestroy();
    }
}
