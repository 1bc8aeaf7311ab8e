// Android library module of the JNI wrapper (org.osspresign).
//
// The native library is not built by Gradle: run build-android.sh first, which
// builds the Rust static library and links it with src/main/c/oss_presign_jni.c
// into src/main/jniLibs/<abi>/liboss_presign_jni.so for arm64-v8a, armeabi-v7a,
// x86_64 and x86. Gradle packages those files as they are.
//
// Include the module from an app's settings.gradle.kts:
//     include(":oss-presign")
//     project(":oss-presign").projectDir = file("path/to/oss-presign/bindings/android")
// and depend on it: implementation(project(":oss-presign")).
plugins {
    id("com.android.library") version "8.7.3"
}

android {
    namespace = "org.osspresign"
    compileSdk = 35

    defaultConfig {
        // The same minimum API level as build-android.sh (ANDROID_API) uses for
        // the NDK build; the Java sources use only Java 8 APIs present since 21.
        minSdk = 21
        consumerProguardFiles("consumer-rules.pro")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_1_8
        targetCompatibility = JavaVersion.VERSION_1_8
    }

    sourceSets {
        getByName("main") {
            jniLibs.srcDirs("src/main/jniLibs")
        }
    }

    packaging {
        jniLibs {
            // build-android.sh already strips; keep Gradle from touching the files,
            // and store them uncompressed and 16 KB aligned in the APK.
            keepDebugSymbols += "**/liboss_presign_jni.so"
            useLegacyPackaging = false
        }
    }
}

dependencies {
    // Nullability annotations that Kotlin reads (String vs String? in Kotlin);
    // compile-time only, nothing is shipped.
    compileOnly("org.jetbrains:annotations:26.0.2")
    // The JUnit tests under src/test run on a desktop JVM with the host build
    // of the glue: use bindings/android/test.sh, not Gradle's test task.
}
