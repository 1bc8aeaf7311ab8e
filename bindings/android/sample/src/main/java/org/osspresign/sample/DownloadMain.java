package org.osspresign.sample;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.osspresign.GetOptions;
import org.osspresign.OssPresignException;
import org.osspresign.OssServiceError;
import org.osspresign.Presigner;

/**
 * The desktop side of the sample: the Android app's download, from a command line, with the
 * same {@link Downloader}. Its options are those of the C sample ({@code oss_get}) that a
 * download needs: endpoint, region, path style, lifetime, retries, stall timeout.
 *
 * <pre>
 * export OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=...   (OSS_SESSION_TOKEN for STS)
 * java -Djava.library.path=DIR/lib -cp oss-presign.jar:sample.jar \
 *      org.osspresign.sample.DownloadMain --endpoint oss-cn-hangzhou.aliyuncs.com \
 *      --region cn-hangzhou examplebucket "photos/2024 summer.jpg" summer.jpg
 * </pre>
 *
 * Exit status: 0 only with the whole object in OUTPUT; 1 when it was refused or failed (bytes
 * worth resuming stay in {@code OUTPUT.part}: run the same command again); 2 for a usage error.
 */
public final class DownloadMain {
    static final String USAGE =
            "usage: DownloadMain [options] BUCKET KEY OUTPUT\n"
                    + "  --endpoint URL          [http://|https://]host[:port] (default: $OSS_ENDPOINT)\n"
                    + "  --region ID             e.g. cn-hangzhou (default: $OSS_REGION)\n"
                    + "  --path-style            https://endpoint/bucket/key\n"
                    + "  --expires SECONDS       URL lifetime, 1..604800 (default 900)\n"
                    + "  --retries N             retry a transfer cut short up to N times (default 5)\n"
                    + "  --stall-timeout SECONDS a transfer receiving nothing this long counts as cut (default 30)\n"
                    + "Credentials: OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN (optional).\n";

    private DownloadMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The command, with the environment given; returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String endpoint = env.get("OSS_ENDPOINT");
        String region = env.get("OSS_REGION");
        boolean pathStyle = false;
        long expires = 0;
        int retries = 5;
        int stallSeconds = 30;
        List<String> positional = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--path-style")) {
                    pathStyle = true;
                } else if (arg.startsWith("--")) {
                    if (i + 1 == args.length) {
                        return usage(err, "missing value after " + arg);
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--endpoint":
                            endpoint = value;
                            break;
                        case "--region":
                            region = value;
                            break;
                        case "--expires":
                            expires = Long.parseLong(value);
                            break;
                        case "--retries":
                            retries = Integer.parseInt(value);
                            break;
                        case "--stall-timeout":
                            stallSeconds = Integer.parseInt(value);
                            break;
                        default:
                            return usage(err, "unknown option " + arg);
                    }
                } else {
                    positional.add(arg);
                }
            }
        } catch (NumberFormatException e) {
            return usage(err, "not a number: " + e.getMessage());
        }
        if (positional.size() != 3) {
            return usage(err, "expected BUCKET KEY OUTPUT");
        }
        if (endpoint == null || region == null) {
            return usage(err, "no endpoint or region: use --endpoint and --region");
        }
        if (retries < 0 || stallSeconds < 1 || stallSeconds > 86400) {
            return usage(err, "--retries must be >= 0, --stall-timeout 1..86400");
        }
        String accessKeyId = env.get("OSS_ACCESS_KEY_ID");
        String secret = env.get("OSS_ACCESS_KEY_SECRET");
        if (accessKeyId == null || secret == null) {
            return usage(err, "set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET");
        }
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Downloader downloader =
                Downloader.builder(executor)
                        .timeouts(15_000, stallSeconds * 1000)
                        .retries(retries)
                        .log(line -> err.println("oss-download: " + line))
                        .build();
        try (Presigner presigner =
                        Presigner.builder(endpoint, region)
                                .credentials(accessKeyId, secret, env.get("OSS_SESSION_TOKEN"))
                                .pathStyle(pathStyle)
                                .build();
                GetOptions options = new GetOptions()) {
            if (expires != 0) {
                options.expires(expires);
            }
            File output = new File(positional.get(2));
            Downloader.Result result =
                    downloader
                            .download(presigner, positional.get(0), positional.get(1), options, output, null)
                            .get();
            if (!result.isSuccess()) {
                err.println("oss-download: " + refusal(result));
                return 1;
            }
            out.println("HTTP " + result.status() + ", " + result.bytes() + " bytes written to "
                    + output + (result.transferredBytes() != result.bytes()
                            ? " (" + result.transferredBytes() + " bytes transferred)" : "")
                    + (result.isCrcChecked() ? ", CRC-64 checked" : ""));
            return 0;
        } catch (ExecutionException e) {
            Throwable why = e.getCause() != null ? e.getCause() : e;
            err.println("oss-download: " + why.getMessage());
            return 1;
        } catch (OssPresignException e) {
            err.println("oss-download: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            executor.shutdown();
        }
    }

    private static String refusal(Downloader.Result result) {
        OssServiceError e = result.serviceError();
        if (e == null) {
            return "HTTP " + result.status() + " (the answer carries no OSS error code)";
        }
        String ec = e.ec();
        return "HTTP " + result.status() + ", OSS error " + e.code() + ": " + e.message()
                + (ec != null ? " (EC " + ec + ")" : "");
    }

    private static int usage(PrintStream err, @Nullable String problem) {
        err.println("DownloadMain: " + problem);
        err.print(USAGE);
        return 2;
    }
}
