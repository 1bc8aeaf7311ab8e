// Android library module of the JNI wrapper (org.osspresign), to include in an
// app's own Gradle build (docs/android.md):
//
//     // settings.gradle.kts of the app
//     include(":oss-presign")
//     project(":oss-presign").projectDir = file("path/to/oss-presign/bindings/android")
//     // app/build.gradle.kts
//     dependencies { implementation(project(":oss-presign")) }
//
// The plugins are applied without a version: the including build declares the
// Android Gradle Plugin's version once, at its root (sample/ is such a build).
// Gradle builds the native library itself (buildNativeLibraries, below, before
// preBuild), so src/main/jniLibs/ is generated, never committed.
// bindings/android/check_gradle.py checks this file against AGP's rules.
plugins {
    id("com.android.library")
    `maven-publish`
}

// One minimum API level for the Java code, the Rust library and the C glue.
val minApi = 21
// The ABIs to build; -PossPresign.abis=arm64-v8a,x86_64 narrows it for a quick
// local build (an app then runs only on those).
val abis = (findProperty("ossPresign.abis") as String? ?: "arm64-v8a,armeabi-v7a,x86_64,x86")
    .split(",").map { it.trim() }.filter { it.isNotEmpty() }
// The crate this module wraps: the repository root.
val crate = layout.projectDirectory.dir("../..")

android {
    namespace = "org.osspresign"
    compileSdk = 35
    // The NDK build-android.sh compiles and links with (AGP installs it on
    // demand). r27 links with -z max-page-size=16384 as asked; r28+ defaults to it.
    ndkVersion = "27.2.12479018"

    defaultConfig {
        // The Java sources use only Java 8 APIs present since API 21.
        minSdk = minApi
        consumerProguardFiles("consumer-rules.pro")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_1_8
        targetCompatibility = JavaVersion.VERSION_1_8
    }

    packaging {
        jniLibs {
            // build-android.sh strips and keeps the unstripped copies (build/native,
            // published as the debug-symbols zip): nothing left for AGP to strip.
            // Stored uncompressed and 16 KB aligned in the APK.
            keepDebugSymbols += "**/liboss_presign_jni.so"
            useLegacyPackaging = false
        }
    }

    publishing {
        singleVariant("release") {
            withSourcesJar()
        }
    }
}

// The JNI libraries for every ABI: the Rust static library (cargo, release
// profile) linked with src/main/c/oss_presign_jni.c by the NDK's clang into
// src/main/jniLibs/<abi>/liboss_presign_jni.so, 16 KB page aligned, exporting
// JNI_OnLoad alone (build-android.sh checks both). Needs cargo (rustup, with
// the four Android targets) on the build machine.
val ndkDirectory = androidComponents.sdkComponents.ndkDirectory
val buildNativeLibraries = tasks.register<Exec>("buildNativeLibraries") {
    group = "build"
    description = "Builds liboss_presign_jni.so for $abis with cargo and the NDK."
    inputs.files(
        crate.dir("src"), crate.file("Cargo.toml"), crate.file("Cargo.lock"), crate.file("build.rs"),
        crate.file("cbindgen.toml"), crate.dir("include"), "src/main/c", "build-android.sh",
    )
    inputs.property("abis", abis)
    inputs.property("minApi", minApi)
    outputs.dir("src/main/jniLibs")
    outputs.dir(layout.buildDirectory.dir("native"))
    workingDir = projectDir
    environment("ANDROID_API", minApi.toString())
    commandLine(listOf("bash", "build-android.sh") + abis)
    doFirst {
        environment("ANDROID_NDK_HOME", ndkDirectory.get().asFile.absolutePath)
    }
}

// Before anything of a variant is built, and before AGP merges the jniLibs
// folders (which read what the task writes).
tasks.named("preBuild") {
    dependsOn(buildNativeLibraries)
}
tasks.configureEach {
    if (name.startsWith("merge") && name.endsWith("JniLibFolders")) {
        dependsOn(buildNativeLibraries)
    }
}
tasks.named<Delete>("clean") {
    delete("src/main/jniLibs")
}

// The unstripped libraries, for symbolicating native crash reports (ndk-stack,
// Play Console): published next to the AAR with the classifier debug-symbols.
val nativeDebugSymbols = tasks.register<Zip>("nativeDebugSymbolsZip") {
    dependsOn(buildNativeLibraries)
    from(layout.buildDirectory.dir("native"))
    archiveBaseName.set("oss-presign")
    archiveClassifier.set("debug-symbols")
    destinationDirectory.set(layout.buildDirectory.dir("outputs/native-debug-symbols"))
}

// ./gradlew :oss-presign:publishReleasePublicationToMavenLocal (or to the
// repository an app's build declares): the AAR, its sources and the
// debug-symbols zip. The version is the crate's (Cargo.toml).
publishing {
    publications {
        register<MavenPublication>("release") {
            groupId = "org.osspresign"
            artifactId = "oss-presign"
            version = "0.1.0"
            artifact(nativeDebugSymbols)
            afterEvaluate {
                from(components["release"])
            }
        }
    }
}

dependencies {
    // JSpecify's nullness annotations: the package is @NullMarked and only
    // @Nullable types hold null, which Kotlin reads as String and String?.
    // `api`: an app compiles against the annotated classes, so it needs the
    // annotations too (a 4-class jar, Maven Central). The desktop build
    // compiles against build-support/jspecify instead, which is never packaged.
    api("org.jspecify:jspecify:1.0.0")
    // The JUnit tests under src/test run on a desktop JVM against the host
    // build (build-desktop.sh): use bindings/android/test.sh, not Gradle's test task.
}
