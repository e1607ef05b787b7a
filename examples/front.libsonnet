// The nginx front shared by apps on this cluster: the front container fetches its server block
// from s3://hako-hello-front/front_config/<app>.conf (uploaded by the nginx_front script).
{
  type: 'nginx_front',
  s3: {
    region: 'ap-northeast-1',
    bucket: 'hako-hello-front',
    prefix: 'front_config',
  },
}
