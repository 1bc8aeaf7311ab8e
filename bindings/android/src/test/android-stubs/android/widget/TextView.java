// A compile-time stand-in for the Android class of the same name, declaring only
// what sample/src/android uses (with the real hierarchy, so check_android_api.py
// finds the class that declares each inherited member). Test-only, never packaged.
package android.widget;

import android.content.Context;
import android.view.View;

public class TextView extends View {
    public TextView(Context context) {
        throw new RuntimeException("Stub!");
    }

    public final void setText(CharSequence text) {
        throw new RuntimeException("Stub!");
    }
}
