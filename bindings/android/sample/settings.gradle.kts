// The sample's Gradle build, laid out as an app's own: the root declares the
// repositories and the plugin versions (build.gradle.kts), the app module
// (app/) and the library module (bindings/android, included from its place in
// this repository) apply the plugins without a version.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "oss-presign-sample"

include(":app")
include(":oss-presign")
project(":oss-presign").projectDir = file("..")
