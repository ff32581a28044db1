"""Korean names and non-names in official prose (bills, laws, reports), the register of
konlpy's law corpora (evaluation/korean_law.py): names listed with middle dots, a signature
written a letter at a time, and the words that are no person there (Hanja terms, money in
number words, a bill's bracketed reference after a nominal ending).

Planted once each (2026-11-30), every one went red:
* ``names_ko_forms.listed_names`` not called: 이명수 and 여상규 leak from their lists;
* ``spaced_given_name`` not called: "완" of "김 태 완" stays;
* ``_hanja_term`` always False: 任用權者 becomes a person; always True: 林漢洙 in brackets leaks;
* ``_quantity`` always False: 백만원 and 백만배 become persons;
* ``titled_full_names`` returning []: 한선교 (title glued after) and 유재익 (rank before) leak;
* ``_place_head_after`` always False: 마우나, 사근진 and 브래번 become persons;
* ``_compound_noun`` always False: 육아휴직 and 오븐구이 become persons (소프트크림 the judge drops here);
* ``_DETERMINER_SURNAMES`` empty: 현 of "현 내정자" and 양 of "양 공동대표" become persons;
* ``_THING_CLASS_BEFORE`` never matching: 핏비트 after "브랜드" becomes a person;
* ``_STATION_AFTER``/``_STATION_END`` never matching: 테르미니 and 상벤투 (stations) become persons;
* no VCN check: 아니 of "한국어뿐만 아니라" becomes a person;
* ``introduced_full_names`` returning []: 오중수, 오경자, 신은영 and 이상현 (in English) leak; without the
  nouns-only check on the bare word, "기억나" and "반열에" become persons; without the unit check
  ("팀", "부") 인사팀 becomes a person;
* ``_given_names`` skipping every token that runs through name and honorific (known or not):
  서윤양, 아름선배 leak; 양 without the glued/known-noun/place checks: 소금양이, 설탕양을 become persons;
* the old ``_AGE`` (any bracket opening on a digit or a syllable): "함(안 제2조" makes 함 a person;
* ``_TITLES_AFTER`` without the professions, or ``_NOMINAL_TAGS`` without XR (kiwi's 한/승/환 ends
  on a root): 한승환 before 강사 leaks (KMOU, session 17); no ``_CALLED_UNQUOTED``: 한고은 before
  "이라는 신인배우" leaks.
* ``_gloss_of_no_name`` always False (session 23): 警務課, 甲子日 and 假建物 become persons.
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.scrubber import Scrubber
from tests.unit.test_names import assert_name_gone, scrubbed

# (the rule the case is for, text, the name that must be gone)
PERSONS = [
    ("title", "(한선교의원 대표발의 )", "한선교"),
    ("title", "국방부 국제평화협력과장 대령 유재익", "유재익"),
    ("title", "국방부 장관 한민구는 이날 말했다.", "한민구"),
    ("mayor/role", "박원순 시장 아들의 병역 문제", "박원순"),
    ("mayor/role", "황비홍역의 아역이 귀엽다", "황비홍"),
    ("introduced", "성함은 오중수에서 기록해 주세요", "오중수"),
    ("introduced", "안녕하세요 저는 오경자로 문의드립니다", "오경자"),
    ("introduced", "my colleague 이상현 will join the call", "이상현"),
    ("introduced", "Contact person: '전광수'", "전광수"),
    ("honorific", "안녕 서윤양 뭐해?", "서윤"),
    ("honorific", "안녕 아름선배 뭐해?", "아름"),
    ("introduced", "오늘 팀장 신은영님이 결재했어요", "신은영"),
    ("introduced", "오늘 교수 전정자이 발표해요", "전정자"),
    ("introduced", "보낸 사람: 한명자님", "한명자"),
    ("title", "올림피아호텔 한승환 강사는 물속 체조가 좋다고 말했다", "한승환"),
    ("introduced", "8월8일 한고은이라는 신인배우가 오디션을 받았다", "한고은"),
]
# (the rule the case is for, text): no PERSON placeholder may appear
NO_PERSON = [
    ("introduced", "혹시 그 부장 기억나?"),
    ("introduced", "대통령 소속하에 감사원을 둔다."),
    ("introduced", "세계적인 배우 반열에 올려 놓았다."),
    ("introduced", "팀장 회의실에서 만나요"),
    ("list", "시장ㆍ군수ㆍ구청장은 이를 관할 출입국관리사무소장에게 통보한다."),
    ("list", "국가․지방․교육공무원 및 근로자가 육아휴직을 신청할 수 있다."),
    ("list", "성매매․성폭력ㆍ가정폭력ㆍ아동학대 등 관련 범죄"),
    ("law", "任用權者는 2年의 범위내에서 그 休職期間을 연장할 수 있다."),
    ("law", "敎育公務員이 다음 각 호의 어느 하나에 해당하는 경우"),
    ("law", "과태료는 백만원 이하로 한다."),
    ("law", "예고편이 실제 영화보다 백만배 재밌다."),
    ("law", "이해관계인의 의견을 듣도록 함(안 제43조의2 신설)."),
    ("law", "재입법예고를 하도록 함(안 제41조제4항 및 제5항 신설)."),
    ("title", "신세계 대표가 말했다."),
    ("title", "대표 선수가 왔다."),
    ("title", "구청장은 이를 통보한다."),
    ("head noun", "경주시 양남면 신대리에 위치한 마우나리조트에서 강당 천장이 붕괴됐다."),
    ("head noun", "선탠 전용해변인 사근진 해수욕장의 피서객이 늘었다."),
    ("head noun", "애플의 투자 자회사인 브래번 캐피털을 통해 관리해 온 자금"),
    ("compound", "현행 교육공무원의 육아휴직은 만 6세 이하의 자녀를 둔 경우에 한한다."),
    ("compound", "2010년 '굽네치킨'이 오븐구이를 출시하며 시장이 바뀌었다."),
    ("compound", "소프트크림은 편의점의 대표 디저트 상품이다."),
    ("determiner/class", "기재위 소속 여야 의원들은 현 내정자가 경제 컨트롤타워라고 말했다."),
    ("determiner/class", "양 공동대표가 전한 외무성 측의 입장"),
    ("determiner/class", "스마트 헬스케어 브랜드 핏비트가 내놓은 스마트 워치"),
    ("station/copula", "콜로세움 근처 숙소로 테르미니역에서도 나름 가깝습니다."),
    ("station/copula", "상벤투 역과도 가까워서 이동할 때 편리해요."),
    ("station/copula", "또한 한국어뿐만 아니라 영어, 프랑스어로 동시 통역이 제공된다."),
    ("introduced", "저는 학생이에요"),
    ("introduced", "저는 한국인입니다"),
    ("introduced", "받는 사람: 인사팀"),
    ("introduced", "What does '사랑해' mean?"),
    ("introduced", "2011년 MBC '우리들의 일밤'"),
    ("introduced", "my favorite food is 김치찌개"),
    ("title", "본인 의사와 관계없이 결정됐다"),
    ("introduced", "한국인이라는 사람이 많다"),
    ("introduced", "성공이라는 친구가 있다"),
    ("honorific", "태평양에서 잡힌 참치"),
    ("honorific", "마음씨가 곱다"),
    ("honorific", "경남 함양군의 한 고등학교"),
    ("honorific", "소금양이 너무 많아"),
    ("honorific", "설탕양을 줄여줘"),
    # Hanja glossing a word that is no name (KMOU): the gloss follows its reading
    ("gloss", "임용 후 줄곧 경무과(警務課)에만 근무했다"),
    ("gloss", "이 양생도인법은 갑자일(甲子日) 밤중에 일어나서 한다"),
    ("gloss", "옥상 위의 가건물(假建物)을 세놓았던 집주인"),
]


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(languages=("en", "ko"), score_threshold=0.4)


@pytest.mark.parametrize(("rule", "text", "name"), PERSONS)
def test_the_name_goes(scrubber: Scrubber, rule: str, text: str, name: str) -> None:
    assert_name_gone(scrubbed(scrubber, text), name)


@pytest.mark.parametrize(("rule", "text"), NO_PERSON)
def test_no_person_is_found(scrubber: Scrubber, rule: str, text: str) -> None:
    assert "<PERSON_" not in scrubbed(scrubber, text), rule


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("발  의  자 : 정의화․이명수․김을동", ("정의화", "이명수", "김을동")),
        ("이사철․여상규․안규백", ("이사철", "여상규", "안규백")),
        ("조승수ㆍ최문순ㆍ조영택 의원", ("조승수", "최문순", "조영택")),
        ("참석자: 김철수, 이영희, 박민수가 회의에 왔다.", ("김철수", "이영희", "박민수")),
        ("위원 명단: 장하준·남궁민수·오세영", ("장하준", "남궁민수", "오세영")),
    ],
)
def test_every_name_of_a_list_goes(scrubber: Scrubber, text: str, names: tuple[str, ...]) -> None:
    out = scrubbed(scrubber, text)
    for name in names:
        assert_name_gone(out, name)


@pytest.mark.parametrize(("text", "name"), [("예산분석관   김 태 완", "김 태 완"), ("작성자: 박 민 수\n", "박 민 수")])
def test_a_name_spelt_a_letter_at_a_time_goes_whole(scrubber: Scrubber, text: str, name: str) -> None:
    out = scrubbed(scrubber, text)
    assert "<PERSON_" in out
    assert name[-1] not in out.replace("<PERSON_1>", ""), out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("진주에서 김덕천(金德天)·임한수(林漢洙) 선생으로부터 배웠다.", "林漢洙"),
        ("아베 신조(安倍晋三) 일본 총리는 8일 말했다.", "安倍晋三"),
        ("래퍼 원(정제원·21)이 데뷔했다.", "정제원"),
        ("A(57)씨가 경찰에 신고했다.", "A(57)씨"),
    ],
)
def test_names_in_brackets_still_go(scrubber: Scrubber, text: str, name: str) -> None:
    out = scrubbed(scrubber, text)
    assert "<PERSON_" in out
    assert name not in out, out


@pytest.mark.parametrize(
    ("text", "name"),
    [("현 과장님께 전달해 주세요.", "현"), ("양씨는 이날 경찰에 출석했다.", "양"), ("앞서 고 후보와 만났다.", "고")],
)
def test_the_same_letters_as_surnames_still_go(scrubber: Scrubber, text: str, name: str) -> None:
    out = scrubbed(scrubber, text)
    assert "<PERSON_" in out and not out.startswith(name), out


def test_a_role_written_with_역_is_still_a_person(scrubber: Scrubber) -> None:
    assert_name_gone(scrubbed(scrubber, "영화에서 송몽규 역을 열연해 시선을 모았다."), "송몽규")
