import { describe, expect, test } from "vitest";
import { classifyAddress } from "../../../src/domain/kubeconfig/address.ts";

describe("classifyAddress", () => {
  test.each([
    ["169.254.169.254", "linkLocal"],
    ["169.254.0.1", "linkLocal"],
    ["169.253.255.255", "other"],
    ["169.255.0.1", "other"],
    ["10.0.0.1", "other"],
    ["127.0.0.1", "loopback"],
    ["127.9.9.9", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["[fd00:ec2::254]", "linkLocal"],
    ["fd00:ec2:0:0:0:0:0:254", "linkLocal"],
    ["fd00:ec2::255", "other"],
    ["fe80::1", "linkLocal"],
    ["[febf::1]", "linkLocal"],
    ["fec0::1", "other"],
    ["fe80::1%eth0", "linkLocal"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["[::ffff:a9fe:a9fe]", "linkLocal"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::169.254.1.1", "linkLocal"],
    ["64:ff9b::a9fe:a9fe", "linkLocal"],
    ["::ffff:10.0.0.1", "other"],
    ["2001:db8::1", "other"],
    ["1:2:3:4:5:6:7:8", "other"],
    ["1:2:3:4:5:6:169.254.1.1", "other"],
  ])("%s is %s", (host, expected) => {
    expect(classifyAddress(host)).toBe(expected);
  });

  test.each([
    "kube.example.com",
    "localhost",
    "1.2.3",
    "256.1.1.1",
    "01.2.3.4",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "::gggg",
    "[::1",
    "",
  ])("%s is not an IP literal", (host) => {
    expect(classifyAddress(host)).toBeUndefined();
  });
});
