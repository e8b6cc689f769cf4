//! Compile-time checks that the schema covers the options the project promises.

/// Fails the build, naming the option, unless `table` has every listed option.
#[doc(hidden)]
#[macro_export]
macro_rules! assert_options_present {
    ($table:expr; $($name:ident),* $(,)?) => {
        $(
            const _: () = ::std::assert!(
                $crate::table_contains(&$table, ::std::stringify!($name)),
                ::std::concat!("the options schema is missing the option `", ::std::stringify!($name), "`")
            );
        )*
    };
}

/// Fails the build unless `table` has every option of the Python SDK 2.3.4 client (the seed
/// list of the project's first issue).
#[doc(hidden)]
#[macro_export]
macro_rules! assert_seed_options {
    ($table:expr) => {
        $crate::assert_options_present!($table;
            api_key, base_url, virtual_key, websocket_base_url, config, provider, trace_id, metadata,
            cache_namespace, debug, cache_force_refresh, custom_host, forward_headers, instrumentation,
            openai_project, openai_organization, aws_secret_access_key, aws_access_key_id,
            aws_session_token, aws_region, vertex_project_id, vertex_region, workers_ai_account_id,
            azure_resource_name, azure_deployment_id, azure_api_version, azure_endpoint_name,
            huggingface_base_url, http_client, request_timeout, strict_open_ai_compliance,
            anthropic_beta, anthropic_version, mistral_fim_completion, vertex_storage_bucket_name,
            provider_file_name, provider_model, aws_s3_bucket, aws_s3_object_key, aws_bedrock_model,
            fireworks_account_id, calculate_audio_duration,
        );
    };
}
