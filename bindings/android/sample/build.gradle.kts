// The one place of this build that names the Android Gradle Plugin's version;
// the modules apply the plugins without one.
plugins {
    id("com.android.application") version "8.7.3" apply false
    id("com.android.library") version "8.7.3" apply false
}
