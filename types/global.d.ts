/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.less';
declare module '*.scss';
declare module '*.sass';
declare module '*.styl';

declare namespace NodeJS {
  interface ProcessEnv {
    /** NODE 内置环境变量, 会影响到最终构建生成产物 */
    NODE_ENV: 'development' | 'production' | 'test';
    /** 当前构建的平台 */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** 小程序 AppID（.env.* 中配置） */
    TARO_APP_ID: string;
    /** 微信云开发环境 ID（.env.* 中配置；为空时使用默认环境） */
    TARO_APP_CLOUD_ENV?: string;
    /** H5 调用本地运行时的地址前缀（默认同源，例如 http://localhost:3000） */
    TARO_APP_API_BASE?: string;
  }
}
