// The sample app: DownloadActivity (../src/android/java) over the plain-Java
// Downloader (../src/main/java), which the desktop tests run as they are.
plugins {
    id("com.android.application")
}

android {
    namespace = "org.osspresign.sample"
    compileSdk = 35

    defaultConfig {
        applicationId = "org.osspresign.sample"
        minSdk = 21
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_1_8
        targetCompatibility = JavaVersion.VERSION_1_8
    }

    sourceSets {
        getByName("main") {
            java.srcDirs("../src/main/java", "../src/android/java")
        }
    }

    buildTypes {
        getByName("release") {
            // R8 on, so a release build exercises the library's consumer rules.
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"))
        }
    }
}

dependencies {
    // Brings org.jspecify:jspecify too (the library's `api`): the sample is
    // null-marked with the same annotations.
    implementation(project(":oss-presign"))
}
