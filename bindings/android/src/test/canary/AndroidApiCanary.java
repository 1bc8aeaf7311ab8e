import android.app.Activity;

/**
 * Planted uses of Android APIs above minSdk 21, for check_android_api.py
 * (bindings/android/test.sh expects both reported): Activity.isInMultiWindowMode (API 24)
 * called as an inherited method (javac names this class as its owner), and
 * Activity.isInPictureInPictureMode (API 24) taken as a method reference (an invokedynamic whose
 * target only the constant pool names).
 */
final class AndroidApiCanary extends Activity {
    interface Check {
        boolean check();
    }

    boolean inherited() {
        return isInMultiWindowMode();
    }

    Check referenced() {
        return this::isInPictureInPictureMode;
    }
}
