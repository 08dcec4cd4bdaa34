// Tests of ChannelFileView: zero-copy reads of a valid file, refusal
// naming the first error, reused reports, and the code payload of statuses.

#include "contentgate/channel_view.h"

#include <gtest/gtest.h>

#include <string>

#include "contentgate/content.h"
#include "contentgate/schema.h"
#include "test_support.h"

namespace contentgate {
namespace {

TEST(ChannelViewTest, ReadsAValidFileWithoutCopying) {
  const std::string file = test::Encode(test::BaseContent());
  absl::StatusOr<ChannelFileView> view =
      ChannelFileView::Open(AsBytes(file), test::ExampleSchema());
  ASSERT_TRUE(view.ok()) << view.status();  // CG401 on 7.11 is a warning
  EXPECT_EQ(view->bytes().data(), reinterpret_cast<const uint8_t*>(file.data()));
  EXPECT_EQ(view->channel_id(), 291u);
  EXPECT_EQ(view->content_version(), 7u);
  ASSERT_EQ(view->instance_count(), 2u);
  const InstanceView pipe = view->instance(0);
  EXPECT_EQ(pipe.id(), 1u);
  EXPECT_EQ(pipe.template_type_id(), 1u);
  EXPECT_FALSE(pipe.disabled());
  ASSERT_EQ(pipe.criterion_count(), 21u);
  EXPECT_EQ(pipe.criterion(0).op(), Op::kPrefix);
  EXPECT_EQ(pipe.criterion(0).text(), "\\\\.\\pipe\\evil");
  EXPECT_GE(pipe.criterion(0).text().data(), file.data());
  EXPECT_LT(pipe.criterion(0).text().data(), file.data() + file.size());
  EXPECT_EQ(pipe.criterion(4).op(), Op::kEq);
  EXPECT_EQ(pipe.criterion(4).arg0(), 1234u);
  EXPECT_EQ(pipe.criterion(4).text(), "");
  EXPECT_EQ(pipe.criterion(9).arg1(), 1u);
  EXPECT_EQ(pipe.criterion(20).op(), Op::kAny);
  const InstanceView connect = view->instance(1);
  EXPECT_EQ(connect.id(), 2u);
  ASSERT_EQ(connect.criterion_count(), 4u);
  EXPECT_EQ(connect.criterion(0).op(), Op::kRegex);
  EXPECT_FALSE(connect.criterion(0).nocase());
  EXPECT_EQ(connect.criterion(0).text(), "^evil[0-9]+$");
  EXPECT_EQ(connect.criterion(2).arg0(), 1u);
  EXPECT_EQ(connect.criterion(2).arg1(), 100u);
}

TEST(ChannelViewTest, RefusesAFileWithAnErrorNamingIt) {
  Content content = test::BaseContent();
  content.instances[0].criteria[20] = test::StringCriterion(Op::kStrEq, "x");
  content.instances[0].disabled = true;
  const std::string file = test::Encode(content);
  const absl::StatusOr<ChannelFileView> view =
      ChannelFileView::Open(AsBytes(file), test::ExampleSchema());
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(view.status().message(),
            "CG400: field 'client_parent_image_path' (criterion 20) is not supplied by sensor 7.11 "
            "(20 inputs)");
  // The code is a payload a caller branches on, not text to parse.
  EXPECT_EQ(CodeOf(view.status()), Code::kInputNotSupplied);
  // For 7.16 alone the same file opens, and the DISABLED flag reads back.
  const absl::StatusOr<ChannelFileView> for716 = ChannelFileView::Open(
      AsBytes(file), test::ExampleSchema(), test::TargetSensors(test::ExampleSchema(), {"7.16"}));
  ASSERT_TRUE(for716.ok()) << for716.status();
  EXPECT_TRUE(for716->instance(0).disabled());
}

TEST(ChannelViewTest, ErrorPastACapFullOfWarnings) {
  Content content;
  content.channel_id = 291;
  for (uint32_t id = 1; id <= 3; ++id)
    content.instances.push_back(test::AnyInstance(test::ExampleSchema(), id, 1));
  content.instances[2].criteria[20] = test::StringCriterion(Op::kStrEq, "x");
  ValidateOptions options;
  options.max_diagnostics = 2;
  const absl::StatusOr<ChannelFileView> view =
      ChannelFileView::Open(AsBytes(test::Encode(content)), test::ExampleSchema(), options);
  ASSERT_FALSE(view.ok());
  // Errors come first under the cap: the CG400 is kept and named.
  EXPECT_EQ(view.status().message().substr(0, 7), "CG400: ") << view.status();
}

TEST(ChannelViewTest, OpenIntoAReusedReportKeepsItsDiagnostics) {
  Content content = test::BaseContent();
  content.instances[0].criteria[20] = test::StringCriterion(Op::kStrEq, "x");
  const std::string file = test::Encode(content);
  Report report;
  const absl::StatusOr<ChannelFileView> view =
      ChannelFileView::Open(AsBytes(file), test::ExampleSchema(), {}, &report);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(CodeOf(view.status()), Code::kInputNotSupplied);
  ASSERT_FALSE(report.diagnostics().empty());
  const Diagnostic& d = report.diagnostics()[0];
  EXPECT_EQ(d.code(), Code::kInputNotSupplied);
  EXPECT_EQ(d.instance(), 0u);
  EXPECT_EQ(d.criterion(), 20u);
  EXPECT_EQ(d.sensor(), "7.11");
  // The same report opens a valid file next, its diagnostics replaced.
  const std::string good = test::Encode(test::BaseContent());
  const absl::StatusOr<ChannelFileView> ok =
      ChannelFileView::Open(AsBytes(good), test::ExampleSchema(),
                            test::TargetSensors(test::ExampleSchema(), {"7.16"}), &report);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_TRUE(report.valid());
}

TEST(ChannelViewTest, CodeOfIsEmptyForStatusesWithoutACode) {
  EXPECT_EQ(CodeOf(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(CodeOf(absl::NotFoundError("no such file")), std::nullopt);
  EXPECT_EQ(CodeOf(WithCode(absl::InvalidArgumentError("x"), Code::kBadUtf8)), Code::kBadUtf8);
  const std::string versions[] = {"9.9"};
  EXPECT_EQ(CodeOf(test::ExampleSchema().ResolveTargetSensors(versions).status()),
            Code::kUnknownTargetSensor);
}

TEST(ChannelViewTest, SchemaAndDecodeStatusesCarryTheirCode) {
  EXPECT_EQ(CodeOf(Schema::FromJson("{").status()), Code::kSchemaNotJson);
  EXPECT_EQ(CodeOf(Schema::FromJson("123").status()), Code::kSchemaBadKey);
  std::string file = test::Encode(test::BaseContent());
  file[0] = 'X';
  EXPECT_EQ(CodeOf(DecodeChannelFile(AsBytes(file), test::ExampleSchema()).status()),
            Code::kBadMagic);
}

}  // namespace
}  // namespace contentgate
