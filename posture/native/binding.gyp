{
  "targets": [
    {
      "target_name": "anomaly_kernel",
      "sources": ["anomaly-kernel.c"],
      "cflags": ["-ffp-contract=off", "-fno-fast-math"],
      "xcode_settings": { "OTHER_CFLAGS": ["-ffp-contract=off", "-fno-fast-math"] },
      "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/fp:precise"] } }
    }
  ]
}
